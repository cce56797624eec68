// main.ts - the web app's entry: the header, the page area and the routes.
// The room and problem pages (CodeMirror) and the dashboard load as chunks of their own.
import "./style.css";
import { api } from "./api";
import { h, fill } from "./dom";
import { route, start, navigate, type Page, type RouteContext } from "./router";
import { currentUser, loadUser, onUserChange, setUser } from "./session";
import { loginPage, signupPage } from "./pages/auth";
import { homePage } from "./pages/home";
import { lobbyPage } from "./pages/lobby";
import { profilePage } from "./pages/profile";
import { problemsPage } from "./pages/problems";
import { invitePage, spectatePage } from "./pages/invite";
import { leaderboardPage } from "./pages/leaderboard";

const nav = h("nav", { "aria-label": "Main" });
const main = h("main", { id: "main", tabindex: "-1" });
const header = h("header", { class: "top" },
  h("a", { class: "skip", href: "#main" }, "Skip to content"),
  h("a", { class: "brand", href: "/" }, "pairbox"),
  nav);

function navLink(href: string, text: string): HTMLElement {
  const here = location.pathname === href || (href !== "/" && location.pathname.startsWith(href + "/"));
  return h("a", { href, "aria-current": here ? "page" : null }, text);
}

function renderNav(): void {
  const me = currentUser();
  const links: Node[] = [navLink("/", "Home"), navLink("/problems", "Problems"), navLink("/leaderboard", "Leaderboard"),
    h("a", { href: "/playground" }, "Playground")];
  if (me) {
    links.push(navLink("/dashboard", "Dashboard"));
    links.push(navLink("/profile", "Profile"));
    links.push(h("span", { class: "who" }, me.display_name || me.username));
    links.push(h("button", { type: "button", class: "link", onclick: logout }, "Log out"));
  } else {
    links.push(navLink("/login", "Log in"));
    links.push(navLink("/signup", "Sign up"));
  }
  fill(nav, links);
}

async function logout(): Promise<void> {
  try {
    await api.logout();
  } catch {
    /* the session is gone either way, as far as this page is concerned */
  }
  setUser(null);
  navigate("/");
}

const notFound: Page = ({ main }) => {
  document.title = "Not found · pairbox";
  fill(main, h("h1", null, "Page not found"), h("p", null, "Nothing lives at this address. ", h("a", { href: "/" }, "Go home"), "."));
};

// Pages that need the editor are loaded on first use (a chunk of their own).
const roomPage: Page = async (ctx) => (await import("./pages/room")).roomPage(ctx);
const problemPage: Page = async (ctx) => (await import("./pages/problem")).problemPage(ctx);
const dashboardPage: Page = async (ctx) => (await import("./pages/dashboard")).dashboardPage(ctx);
const replayPage: Page = async (ctx) => (await import("./pages/replay")).replayPage(ctx);

route("/", homePage);
route("/login", loginPage);
route("/signup", signupPage);
route("/profile", profilePage);
route("/lobby", lobbyPage);
route("/rooms/:id", roomPage);
route("/rooms/:id/replay", replayPage);
route("/problems", problemsPage);
route("/problems/:slug", problemPage);
route("/dashboard", dashboardPage);
route("/invite/:token", invitePage);
route("/spectate/:token", spectatePage);
route("/leaderboard", leaderboardPage);

async function render(page: Page, ctx: RouteContext): Promise<void> {
  await loadUser();
  renderNav();
  const fresh = h("div", { class: "page" });
  fill(main, fresh);
  main.className = "";
  try {
    await page({ ...ctx, main: fresh });
  } catch (e) {
    if (ctx.signal.aborted) return;
    fill(fresh, h("h1", null, "Something went wrong"), h("p", { role: "alert" }, String((e as Error).message || e)));
  }
  // Move focus to the new page's heading, as a page load would, for screen readers and keyboards.
  if (!ctx.signal.aborted && !fresh.contains(document.activeElement)) {
    const h1 = fresh.querySelector("h1");
    if (h1) {
      h1.setAttribute("tabindex", "-1");
      h1.focus({ preventScroll: true });
    }
  }
}

onUserChange(renderNav);
document.getElementById("app")!.append(header, main);
start(render, notFound);
