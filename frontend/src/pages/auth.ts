// pages/auth.ts - sign up and log in (POST /api/v1/auth/signup, /login).
// Field errors from a 422 or 409 are shown beside their field.
import { api, ApiError } from "../api";
import { h, fill, field, uid } from "../dom";
import { navigate, type Page } from "../router";
import { setUser } from "../session";

/** Where to go after logging in: ?next= when it is a path of this site
 * (an invite, a room...), never another site: "//host", "/\\host" and
 * "https://..." resolve elsewhere and give "/". */
function nextPath(query: URLSearchParams): string {
  const next = query.get("next") || "/";
  if (!next.startsWith("/") || /[\\\u0000-\u001f]/.test(next)) return "/";
  const url = new URL(next, location.origin);
  return url.origin === location.origin ? url.pathname + url.search + url.hash : "/";
}

/** ?next= carried on to the other auth page. */
function keepNext(path: string, query: URLSearchParams): string {
  const next = query.get("next");
  return next ? `${path}?next=${encodeURIComponent(nextPath(query))}` : path;
}

interface Form {
  form: HTMLFormElement;
  errors: Record<string, HTMLElement>;
  status: HTMLElement;
  submit: HTMLButtonElement;
}

function authForm(fields: { name: string; label: string; input: HTMLInputElement; hint?: string }[], button: string): Form {
  const errors: Record<string, HTMLElement> = {};
  const status = h("p", { class: "error", role: "alert" });
  const submit = h("button", { type: "submit", class: "primary" }, button);
  const form = h("form", { class: "card narrow", novalidate: true });
  for (const f of fields) {
    const err = h("p", { class: "field-error", id: uid("err") });
    errors[f.name] = err;
    f.input.name = f.name;
    const wrap = field(f.label, f.input, f.hint);
    const described = [f.input.getAttribute("aria-describedby"), err.id].filter(Boolean).join(" ");
    f.input.setAttribute("aria-describedby", described);
    wrap.append(err);
    form.append(wrap);
  }
  form.append(status, submit);
  return { form, errors, status, submit };
}

function showError(f: Form, e: unknown): void {
  for (const el of Object.values(f.errors)) el.textContent = "";
  f.status.textContent = "";
  if (e instanceof ApiError) {
    let placed = false;
    for (const [name, el] of Object.entries(f.errors)) {
      const msg = e.field(name);
      if (msg) {
        el.textContent = `${name.replace(/_/g, " ")} ${msg}`;
        placed = true;
      }
    }
    if (!placed) f.status.textContent = e.message;
  } else {
    f.status.textContent = `Could not reach the server: ${(e as Error).message}`;
  }
  const bad = Object.entries(f.errors).find(([, el]) => el.textContent);
  if (bad) (f.form.elements.namedItem(bad[0]) as HTMLElement | null)?.focus();
}

function usernameInput(): HTMLInputElement {
  return h("input", { type: "text", autocomplete: "username", required: true, minlength: 3, maxlength: 32,
    autocapitalize: "none", spellcheck: "false" });
}

export const loginPage: Page = ({ main, query }) => {
  document.title = "Log in · pairbox";
  const username = usernameInput();
  const password = h("input", { type: "password", autocomplete: "current-password", required: true, maxlength: 1024 });
  const f = authForm([
    { name: "username", label: "Username", input: username },
    { name: "password", label: "Password", input: password },
  ], "Log in");
  f.form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    f.submit.disabled = true;
    try {
      setUser(await api.login(username.value.trim(), password.value));
      navigate(nextPath(query), true);
    } catch (e) {
      showError(f, e);
    } finally {
      f.submit.disabled = false;
    }
  });
  fill(main, h("h1", null, "Log in"), f.form,
    h("p", { class: "narrow" }, "New here? ", h("a", { href: keepNext("/signup", query) }, "Create an account"), "."));
};

export const signupPage: Page = ({ main, query }) => {
  document.title = "Sign up · pairbox";
  const username = usernameInput();
  const display = h("input", { type: "text", autocomplete: "name", maxlength: 64 });
  const password = h("input", { type: "password", autocomplete: "new-password", required: true, minlength: 8, maxlength: 1024 });
  const f = authForm([
    { name: "username", label: "Username", input: username, hint: "3 to 32 of a–z, 0–9, _ and -." },
    { name: "display_name", label: "Display name", input: display, hint: "Optional: how your partners see you." },
    { name: "password", label: "Password", input: password, hint: "At least 8 characters." },
  ], "Sign up");
  f.form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    f.submit.disabled = true;
    try {
      setUser(await api.signup(username.value.trim().toLowerCase(), password.value, display.value.trim() || undefined));
      navigate(nextPath(query), true);
    } catch (e) {
      showError(f, e);
    } finally {
      f.submit.disabled = false;
    }
  });
  fill(main, h("h1", null, "Sign up"), f.form,
    h("p", { class: "narrow" }, "Have an account? ", h("a", { href: keepNext("/login", query) }, "Log in"), "."));
};
