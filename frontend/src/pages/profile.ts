// pages/profile.ts - the user's profile: PATCH /api/v1/me (display name, bio,
// city, country, organisation, languages, level), the avatar
// (PUT /api/v1/me/avatar) and deleting the account (DELETE /api/v1/me).
import { api, ApiError, type Me } from "../api";
import { h, fill, field, uid } from "../dom";
import { navigate, type Page } from "../router";
import { requireUser, setUser } from "../session";
import { bankChoices } from "./home";
import { ratingsCard } from "./ratings_card";

const AVATAR_MAX = 1 << 20;

function avatarView(me: Me): HTMLElement {
  const initials = (me.display_name || me.username).slice(0, 1).toUpperCase();
  if (me.avatar_url) {
    // A new URL after each upload, so the browser does not show the old image.
    return h("img", { class: "avatar", src: `${me.avatar_url}${me.avatar_url.includes("?") ? "&" : "?"}v=${Date.now()}`,
      alt: `${me.display_name || me.username}'s avatar`, width: 96, height: 96 });
  }
  return h("div", { class: "avatar placeholder", role: "img", "aria-label": "No avatar yet" }, initials);
}

export const profilePage: Page = async ({ main, signal }) => {
  let me = await requireUser();
  if (!me) return;
  // The freshest copy (another tab may have changed it).
  try {
    me = await api.me(signal);
    setUser(me);
  } catch {
    /* the cached one will do */
  }
  document.title = "Profile · pairbox";
  const user = me!;
  const input = (value: string | undefined, max: number) => h("input", { type: "text", value: value || "", maxlength: max });
  const display = input(user.display_name, 64);
  const bio = h("textarea", { rows: 4, maxlength: 2000 });
  bio.value = user.bio || "";
  const city = input(user.city, 100), country = input(user.country, 100), org = input(user.organisation, 100);
  const level = h("select", null,
    h("option", { value: "" }, "Not set"),
    h("option", { value: "beginner" }, "Beginner"),
    h("option", { value: "intermediate" }, "Intermediate"),
    h("option", { value: "advanced" }, "Advanced"));
  level.value = user.level || "";
  const langsBox = h("div", { class: "topics" }, h("span", { class: "muted" }, "loading…"));
  const langsHint = uid("langs");
  const status = h("p", { role: "status", "aria-live": "polite" });
  const errors = h("p", { class: "error", role: "alert" });
  const save = h("button", { type: "submit", class: "primary" }, "Save profile");
  const form = h("form", { class: "card" },
    h("h2", null, "About you"),
    field("Display name", display),
    field("Bio", bio),
    h("div", { class: "row" }, field("City", city), field("Country", country)),
    field("Organisation", org, "Your bootcamp, college or company."),
    field("Level", level, "Used to find partners near your level at first."),
    h("fieldset", { class: "topics-set", "aria-describedby": langsHint },
      h("legend", null, "Languages"),
      h("p", { class: "hint", id: langsHint }, "The ones you like to interview in (at most 10)."),
      langsBox),
    errors, status, save);

  const avatarBox = h("div", { class: "avatar-box" }, avatarView(user));
  const file = h("input", { type: "file", accept: "image/png,image/jpeg,image/webp" });
  const avatarStatus = h("p", { role: "status", "aria-live": "polite" });
  const upload = h("button", { type: "button" }, "Upload avatar");
  const remove = h("button", { type: "button", class: "danger" }, "Delete account");
  fill(main,
    h("h1", null, "Profile"),
    h("div", { class: "two" },
      form,
      h("div", null,
        h("section", { class: "card", "aria-labelledby": "avatar-h" },
          h("h2", { id: "avatar-h" }, "Avatar"), avatarBox,
          field("Image (PNG, JPEG or WebP, at most 1 MiB)", file), upload, avatarStatus),
        ratingsCard(signal),
        h("section", { class: "card", "aria-labelledby": "acct-h" },
          h("h2", { id: "acct-h" }, "Account"),
          h("p", null, "Username: ", h("strong", null, user.username)),
          user.rating !== undefined ? h("p", null, "Rating: ", String(user.rating)) : null,
          remove))));

  bankChoices(signal).then(({ languages }) => {
    const mine = new Set(user.languages || []);
    const all = [...new Set([...languages, ...mine])].sort();
    fill(langsBox, all.map((l) => h("label", { class: "check" }, h("input", { type: "checkbox", value: l, checked: mine.has(l) }), l)));
  }).catch(() => fill(langsBox, h("span", { class: "muted" }, "The language list is not available.")));

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    errors.textContent = status.textContent = "";
    const languages = [...langsBox.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value);
    if (languages.length > 10) {
      errors.textContent = "Choose at most 10 languages.";
      return;
    }
    const fields: Partial<Me> = {
      display_name: display.value.trim(), bio: bio.value, city: city.value.trim(), country: country.value.trim(),
      organisation: org.value.trim(), languages,
    };
    if (level.value) fields.level = level.value;
    save.disabled = true;
    try {
      setUser(await api.updateMe(fields));
      status.textContent = "Saved.";
    } catch (e) {
      errors.textContent = (e as Error).message;
    } finally {
      save.disabled = false;
    }
  });

  upload.addEventListener("click", async () => {
    avatarStatus.textContent = "";
    const f = file.files?.[0];
    if (!f) {
      avatarStatus.textContent = "Choose an image first.";
      file.focus();
      return;
    }
    if (f.size > AVATAR_MAX) {
      avatarStatus.textContent = "That image is larger than 1 MiB.";
      return;
    }
    upload.disabled = true;
    try {
      const r = await api.avatar(f);
      user.avatar_url = r.avatar_url;
      setUser({ ...user });
      fill(avatarBox, avatarView(user));
      avatarStatus.textContent = "Avatar updated.";
    } catch (e) {
      avatarStatus.textContent = e instanceof ApiError && e.status === 415
        ? "Only PNG, JPEG and WebP images are accepted." : (e as Error).message;
    } finally {
      upload.disabled = false;
    }
  });

  remove.addEventListener("click", async () => {
    if (!confirm("Delete your account? Your sessions stay, with your name removed. This cannot be undone.")) return;
    try {
      await api.deleteMe();
      setUser(null);
      navigate("/", true);
    } catch (e) {
      avatarStatus.textContent = (e as Error).message;
    }
  });
};
