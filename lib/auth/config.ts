import "server-only";
import NextAuth from "next-auth";
import Resend from "next-auth/providers/resend";
import { env, isProduction } from "@/lib/env";
import { sendEmail } from "@/lib/email/send";
import { magicLinkEmail } from "./emails";
import { sottoAdapter } from "./adapter";
import { recordSignIn, recordSignOut } from "./sign-in-events";

/** Magic links are single-use (deleted on use) and expire after ten minutes. */
export const MAGIC_LINK_MAX_AGE_SEC = 10 * 60;

// A fixed secret is acceptable only where nothing real is protected; production requires AUTH_SECRET (lib/env.ts).
const DEV_ONLY_SECRET = "sotto-development-only-secret-never-use-in-production";

export const { handlers, auth, signIn, signOut } = NextAuth({
  adapter: sottoAdapter(),
  secret: env.AUTH_SECRET ?? (isProduction() ? undefined : DEV_ONLY_SECRET),
  trustHost: env.AUTH_TRUST_HOST || !isProduction(),
  session: {
    strategy: "database",
    // With database sessions every request within `maxAge` slides the expiry
    // forward, which is exactly an idle timeout. The absolute lifetime is
    // enforced by the adapter.
    maxAge: env.SESSION_IDLE_MINUTES * 60,
    updateAge: Math.min(60, env.SESSION_IDLE_MINUTES * 30),
  },
  pages: {
    signIn: "/sign-in",
    verifyRequest: "/sign-in/check-email",
    error: "/sign-in/error",
  },
  providers: [
    Resend({
      from: env.EMAIL_FROM,
      maxAge: MAGIC_LINK_MAX_AGE_SEC,
      normalizeIdentifier: (identifier) => identifier.trim().toLowerCase(),
      async sendVerificationRequest({ identifier, url }) {
        await sendEmail({ to: identifier, ...magicLinkEmail(url) });
      },
    }),
  ],
  callbacks: {
    session({ session, user }) {
      session.user.id = user.id;
      return session;
    },
  },
  events: {
    async signIn({ user }) {
      if (user.id && user.email) await recordSignIn(user.id, user.email);
    },
    async signOut(message) {
      const s = "session" in message ? message.session : null;
      if (s?.userId) await recordSignOut(s.userId);
    },
  },
});
