// The interop Auther: real better-auth behind a loopback HTTP server, plus a few test-only routes (under
// /test, guarded by TEST_SECRET) for what an operator does outside better-auth's API: rotate or prune the
// signing keys, make the first admin, and count requests so a test can see how often the app calls in.
//
// Settings come from the environment (all required except PORT, which defaults to 0 = any free port):
// PORT, BETTER_AUTH_SECRET, PAYLOAD_CLIENT_SECRET, JWT_ISSUER, JWT_AUDIENCE, TRUSTED_ORIGINS (comma-separated),
// OIDC_CLIENTS (JSON array of {clientId, clientSecret, redirectUri, name}), TEST_SECRET.
// Prints one line "interop-auther ready <base url>" once it accepts requests.
import { createServer } from "node:http";
import { toNodeHandler } from "better-auth/node";
import { createJwk } from "better-auth/plugins/jwt";
import { createAuth, emptyDatabase } from "./auth.mjs";

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`interop-auther: environment variable ${name} is required`);
    process.exit(2);
  }
  return value;
}

const settings = {
  secret: required("BETTER_AUTH_SECRET"),
  signupSecret: required("PAYLOAD_CLIENT_SECRET"),
  jwtIssuer: required("JWT_ISSUER"),
  jwtAudience: required("JWT_AUDIENCE"),
  trustedOrigins: (process.env.TRUSTED_ORIGINS ?? "").split(",").filter(Boolean),
  clients: JSON.parse(required("OIDC_CLIENTS")),
};
const testSecret = required("TEST_SECRET");
const port = Number(process.env.PORT ?? "0");

// A minimal login form: it signs in through better-auth's own email sign-in (fetch, same origin), then follows
// where better-auth says to go. With the oidc_login_prompt cookie authorize set, better-auth's oidc plugin answers
// the sign-in with {redirect: true, url} pointing at the client's redirect URI with the code; without it, the page
// goes back to authorize with its query, which is silent now that there is a session. Nothing from the request is
// written into the page, so nothing needs encoding.
const signInPage = `<!doctype html><html><head><meta charset="utf-8"><title>Sign in</title></head><body>
<h1>Sign in</h1>
<form id="sign-in">
<label>Email <input id="email" name="email" type="email" autocomplete="username" required></label>
<label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
<p id="error" role="alert"></p>
<script>
document.getElementById("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const response = await fetch("/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: document.getElementById("email").value, password: document.getElementById("password").value }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    document.getElementById("error").textContent = body.message || "Sign-in failed";
    return;
  }
  location.assign(body.redirect && body.url ? body.url : "/api/auth/oauth2/authorize" + location.search);
});
</script>
</body></html>`;

const db = emptyDatabase();
const requestCounts = new Map();
let auth;
let jwtOptions;
let handler;

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
}

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const testRoutes = {
  // A new signing key becomes the newest, so every token signed from now on carries its kid.
  "POST /test/jwks/rotate": async () => {
    const key = await createJwk({ context: await auth.$context }, jwtOptions);
    return { kid: key.id };
  },
  // What Auther's rotation job does to keys past their overlap window.
  "POST /test/jwks/remove": async (body) => {
    const before = db.jwks.length;
    db.jwks = db.jwks.filter((key) => key.id !== body.kid);
    return { removed: before - db.jwks.length };
  },
  "GET /test/jwks": async () => ({ kids: db.jwks.map((key) => key.id) }),
  // better-auth has no API to make the first admin: Auther's operators do it in its database.
  "POST /test/users/role": async (body) => {
    const context = await auth.$context;
    const user = await context.internalAdapter.updateUser(body.userId, { role: body.role });
    return { user };
  },
  "GET /test/users": async () => ({ users: db.user }),
  "GET /test/requests": async () => Object.fromEntries(requestCounts),
};

async function route(req, res) {
  const path = req.url.split("?")[0];
  requestCounts.set(path, (requestCounts.get(path) ?? 0) + 1);
  if (path.startsWith("/test/")) {
    if (req.headers["x-test-secret"] !== testSecret) return send(res, 401, { error: "test secret required" });
    const action = testRoutes[`${req.method} ${path}`];
    if (!action) return send(res, 404, { error: "no such test route" });
    try {
      return send(res, 200, await action(await readJson(req)));
    } catch (error) {
      return send(res, 500, { error: String(error) });
    }
  }
  if (path === "/sign-in" && req.method === "GET") {
    // The oidc plugin's loginPage, as the deployed Auther's own sign-in UI: authorize sends the browser here.
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    return res.end(signInPage);
  }
  return handler(req, res);
}

const server = createServer((req, res) => {
  route(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: "interop server failure" });
  });
});

server.listen(port, "127.0.0.1", () => {
  // better-auth needs its own base URL (the OIDC issuer), which is known only once the port is.
  const baseUrl = `http://127.0.0.1:${server.address().port}`;
  ({ auth, jwtOptions } = createAuth({ ...settings, baseUrl }, db));
  handler = toNodeHandler(auth);
  console.log(`interop-auther ready ${baseUrl}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
