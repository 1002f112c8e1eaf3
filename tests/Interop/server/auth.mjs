// better-auth configured the way the deployed Auther configures it (same version, same plugins in the
// same order, same options), so the app's interop suite meets the real library's tokens, cookies, admin
// routes and error shapes. What differs, and why, is listed in docs/interop.md.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import { createAuthMiddleware } from "better-auth/api";
import { admin, apiKey, jwt, oidcProvider, username } from "better-auth/plugins";

/** Every table better-auth and these plugins use; the memory adapter wants each to exist up front. */
export function emptyDatabase() {
  return {
    user: [],
    session: [],
    account: [],
    verification: [],
    jwks: [],
    apikey: [],
    oauthApplication: [],
    oauthAccessToken: [],
    oauthConsent: [],
  };
}

async function hashPassword(password) {
  const salt = randomBytes(16).toString("hex");
  return `${salt}:${createHash("sha256").update(salt + password).digest("hex")}`;
}

async function verifyPassword({ hash, password }) {
  const [salt, digest] = hash.split(":");
  const candidate = createHash("sha256").update(salt + password).digest();
  return timingSafeEqual(candidate, Buffer.from(digest, "hex"));
}

/**
 * @param {object} settings
 * @param {string} settings.baseUrl      Auther's PRODUCTION_URL: issuer of OIDC id_tokens.
 * @param {string} settings.secret       BETTER_AUTH_SECRET.
 * @param {string} settings.signupSecret PAYLOAD_CLIENT_SECRET, the sign-up gate.
 * @param {string} settings.jwtIssuer    JWT_ISSUER.
 * @param {string} settings.jwtAudience  JWT_AUDIENCE[0].
 * @param {string[]} settings.trustedOrigins
 * @param {{clientId: string, clientSecret: string, redirectUri: string, name: string}[]} settings.clients
 */
export function createAuth(settings, db) {
  const jwtOptions = {
    jwt: { issuer: settings.jwtIssuer, audience: settings.jwtAudience, expirationTime: "2d" },
  };
  const auth = betterAuth({
    baseURL: settings.baseUrl,
    basePath: "/api/auth",
    secret: settings.secret,
    database: memoryAdapter(db),
    disabledPaths: ["/token"],
    trustedOrigins: [settings.baseUrl, ...settings.trustedOrigins],
    // The deployed Auther requires a verified email (so sign-up answers token: null); the interop server has
    // no mail to read the link from, so it turns verification off and keeps sign-up from signing in.
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: false,
      autoSignIn: false,
      // better-auth's default scrypt costs over a second of CPU per sign-up or sign-in on a loaded 2-core
      // machine; how Auther stores passwords is invisible to the app, so a salted SHA-256 stands in here.
      password: { hash: hashPassword, verify: verifyPassword },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        const gated = ctx.path === "/sign-up/email" || ctx.path === "/oauth2/register";
        if (gated && ctx.headers?.get("x-internal-signup-secret") !== settings.signupSecret) {
          // A plain Response, as the deployed Auther throws: better-auth answers it with 500 and no body.
          throw new Response(JSON.stringify({ error: "forbidden" }), { status: 403 });
        }
      }),
    },
    plugins: [
      admin(),
      username(),
      apiKey({ enableMetadata: true, apiKeyHeaders: ["x-api-key"], rateLimit: { enabled: false } }),
      jwt(jwtOptions),
      oidcProvider({
        loginPage: "/sign-in",
        allowDynamicClientRegistration: true,
        useJWTPlugin: true,
        accessTokenExpiresIn: 172800,
        metadata: { issuer: settings.jwtIssuer },
        trustedClients: settings.clients.map((client) => ({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          name: client.name,
          type: "web",
          redirectURLs: [client.redirectUri],
          disabled: false,
          skipConsent: true,
          metadata: {},
        })),
      }),
    ],
  });
  return { auth, jwtOptions };
}
