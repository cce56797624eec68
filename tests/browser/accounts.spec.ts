// accounts.spec.ts - accounts in the browser against the real server
// (docs/platform.md, "Accounts"): signing up with the server's field errors
// shown beside their fields, a display name with markup shown as text,
// logging out and in (wrong password, ?next=), the profile saved and read
// back, the avatar uploaded and shown, two users' sessions kept apart, and
// deleting the account. (Sign-ups are limited to 10 an hour per address:
// this file makes four.)
import { test, expect, uniqueName, signUp, PASSWORD } from "./fixtures";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
test("sign up, log out, log in", async ({ page }) => {
  const name = uniqueName("ada");
  await page.goto("/signup");
  await page.getByRole("textbox", { name: "Username" }).fill(name);
  await page.getByRole("textbox", { name: "Display name" }).fill("Ada <b>L</b> & co");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  // The server's 422 names the field; the page shows it there and focuses it.
  await expect(page.getByText(/^password .*8/)).toBeVisible();
  await expect(page.getByLabel("Password")).toBeFocused();
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/password .*8/);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();

  // Markup in a name is text, never HTML.
  const hello = page.getByRole("heading", { level: 1 });
  await expect(hello).toHaveText("Hello, Ada <b>L</b> & co");
  expect(await hello.locator("b").count()).toBe(0);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByText("Ada <b>L</b> & co")).toBeVisible();
  await expect(page.getByRole("button", { name: "Join waiting room" })).toBeVisible();

  // The cookie is the server's HttpOnly session: the page cannot read it.
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "pairbox_session");
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Lax");
  expect(await page.evaluate(() => document.cookie)).not.toContain("pairbox_session");

  await nav.getByRole("button", { name: "Log out" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Practise interviews in pairs" })).toBeVisible();
  expect((await page.context().cookies()).find((c) => c.name === "pairbox_session")).toBeUndefined();
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);

  // A taken name (any case) is refused.
  await page.goto("/signup");
  await page.getByRole("textbox", { name: "Username" }).fill(name.toUpperCase());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("username is taken")).toBeVisible();

  // A page that needs a session sends a visitor to log in, and back after.
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile$/);
  await page.getByRole("textbox", { name: "Username" }).fill(name);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "wrong username or password" })).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
});

test("the profile is saved, the avatar shown; another user's session is their own", async ({ page, newUser }) => {
  const name = uniqueName("grace");
  await signUp(page, name);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profile" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
  await page.getByRole("textbox", { name: "Display name" }).fill("Grace H.");
  await page.getByRole("textbox", { name: "Bio" }).fill("Compilers, <script>alert(1)</script> and COBOL.");
  await page.getByRole("textbox", { name: "City" }).fill("Arlington");
  await page.getByRole("textbox", { name: "Country" }).fill("USA");
  await page.getByRole("textbox", { name: "Organisation" }).fill("Navy");
  await page.getByLabel("Level").selectOption("advanced");
  await page.getByRole("checkbox", { name: "python3", exact: true }).check();
  await page.getByRole("checkbox", { name: "java", exact: true }).check();
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByText("Grace H.")).toBeVisible();

  // The server has it, and a reload shows it.
  const me = await (await page.request.get("/api/v1/me")).json();
  expect(me).toMatchObject({ display_name: "Grace H.", bio: "Compilers, <script>alert(1)</script> and COBOL.",
    city: "Arlington", country: "USA", organisation: "Navy", level: "advanced", rating: 1800 });
  expect([...me.languages].sort()).toEqual(["java", "python3"]);
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Bio" })).toHaveValue("Compilers, <script>alert(1)</script> and COBOL.");
  await expect(page.getByRole("checkbox", { name: "java", exact: true })).toBeChecked();
  await expect(page.getByLabel("Level")).toHaveValue("advanced");
  await expect(page.getByText("Rating: 1800")).toBeVisible();

  // The avatar: a file that is not an image is refused; a PNG is shown.
  const file = page.getByLabel(/^Image/);
  await file.setInputFiles({ name: "notes.txt", mimeType: "image/png", buffer: Buffer.from("just text, not a PNG") });
  await page.getByRole("button", { name: "Upload avatar" }).click();
  await expect(page.getByText("Only PNG, JPEG and WebP images are accepted.")).toBeVisible();
  await file.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
  await page.getByRole("button", { name: "Upload avatar" }).click();
  await expect(page.getByText("Avatar updated.")).toBeVisible();
  const img = page.getByRole("img", { name: "Grace H.'s avatar" });
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
  expect(await img.getAttribute("src")).toMatch(new RegExp(`^/api/v1/users/${me.id}/avatar`));

  // Another browser (a context of its own): its own session, not Grace's.
  const other = await newUser();
  await other.goto("/profile");
  await expect(other).toHaveURL(/\/login\?next=/);
  await signUp(other, uniqueName("linus"));
  await other.goto("/profile");
  await expect(other.getByRole("textbox", { name: "Display name" })).not.toHaveValue("Grace H.");
  // Grace is still herself.
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Display name" })).toHaveValue("Grace H.");
});

test("deleting the account ends it", async ({ page }) => {
  const name = uniqueName("temp");
  await signUp(page, name);
  await page.goto("/profile");
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Delete account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Practise interviews in pairs" })).toBeVisible();
  await page.goto("/login");
  await page.getByRole("textbox", { name: "Username" }).fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "wrong username or password" })).toBeVisible();
});
