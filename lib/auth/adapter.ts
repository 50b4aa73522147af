import "server-only";
import type { Adapter, AdapterSession, AdapterUser, VerificationToken } from "next-auth/adapters";
import { db, withUser } from "@/lib/db/client";
import { env } from "@/lib/env";
import { now, requestNow } from "@/lib/clock";
import { recordSignInFailure } from "./sign-in-events";

type TUserRow = { id: string; email: string; name: string | null; emailVerified: Date | null; image: string | null };

const toAdapterUser = (u: TUserRow): AdapterUser => ({ ...u, email: u.email });

async function userById(id: string): Promise<AdapterUser | null> {
  const u = await withUser(id, (tx) => tx.user.findUnique({ where: { id } }));
  return u ? toAdapterUser(u) : null;
}

/** Absolute session lifetime: a session older than this ends even when active. */
export function sessionIsPastAbsoluteLifetime(createdAt: Date, at: Date = now()): boolean {
  return at.getTime() - createdAt.getTime() > env.SESSION_MAX_HOURS * 3_600_000;
}

/**
 * Auth.js slides `expires` to last activity + the server idle timeout; a workspace
 * setting may only shorten that.
 */
export function sessionIsIdle(expires: Date, workspaceIdleMinutes: number | null, at: Date = now()): boolean {
  const serverIdleMs = env.SESSION_IDLE_MINUTES * 60_000;
  const idleMs = Math.min(serverIdleMs, (workspaceIdleMinutes ?? Infinity) * 60_000);
  const lastActivity = expires.getTime() - serverIdleMs;
  return at.getTime() - lastActivity > idleMs;
}

/**
 * Auth.js adapter over Sotto's RLS-bound connection. Users are visible only to
 * themselves, so every user read runs with `app.user_id` set; finding a user by
 * email (sign-in) goes through the narrow `sotto_user_id_by_email` function.
 */
export function sottoAdapter(): Adapter {
  return {
    async createUser(data) {
      const id = crypto.randomUUID();
      const u = await withUser(id, (tx) =>
        tx.user.create({
          data: { id, email: data.email.toLowerCase(), name: data.name ?? null, emailVerified: data.emailVerified ?? null, image: data.image ?? null },
        }),
      );
      return toAdapterUser(u);
    },
    getUser: (id) => userById(id),
    async getUserByEmail(email) {
      const rows = await db().$queryRaw<{ id: string | null }[]>`SELECT sotto_user_id_by_email(${email}) AS id`;
      const id = rows[0]?.id;
      return id ? userById(id) : null;
    },
    async getUserByAccount() {
      // Sotto signs in by email only: there are no OAuth accounts to find.
      return null;
    },
    async updateUser(data) {
      const u = await withUser(data.id, (tx) =>
        tx.user.update({
          where: { id: data.id },
          data: {
            ...(data.name !== undefined ? { name: data.name } : {}),
            ...(data.emailVerified !== undefined ? { emailVerified: data.emailVerified } : {}),
            ...(data.image !== undefined ? { image: data.image } : {}),
          },
        }),
      );
      return toAdapterUser(u);
    },
    async createSession(data) {
      const s = await db().session.create({ data: { sessionToken: data.sessionToken, userId: data.userId, expires: data.expires } });
      return { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires };
    },
    async getSessionAndUser(sessionToken) {
      const rows = await db().$queryRaw<{ sessionToken: string; userId: string; expires: Date; createdAt: Date; idle: number | null }[]>`
        SELECT "sessionToken", "userId", expires, "createdAt", sotto_user_session_idle_minutes("userId") AS idle
        FROM "Session" WHERE "sessionToken" = ${sessionToken}`;
      const s = rows[0];
      if (!s) return null;
      // Auth.js compares `expires` with the wall clock; Sotto's clock can be moved in
      // tests, a workspace may demand a shorter idle timeout, and the absolute
      // lifetime is ours to enforce.
      const at = await requestNow();
      if (sessionIsIdle(s.expires, s.idle, at) || sessionIsPastAbsoluteLifetime(s.createdAt, at)) {
        await db().session.deleteMany({ where: { sessionToken } });
        return null;
      }
      const user = await userById(s.userId);
      if (!user) return null;
      const session: AdapterSession = { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires };
      return { session, user };
    },
    async updateSession(data) {
      const rows = await db().session.updateManyAndReturn({
        where: { sessionToken: data.sessionToken },
        data: { ...(data.expires ? { expires: data.expires } : {}) },
      });
      const s = rows[0];
      return s ? { sessionToken: s.sessionToken, userId: s.userId, expires: s.expires } : null;
    },
    async deleteSession(sessionToken) {
      await db().session.deleteMany({ where: { sessionToken } });
    },
    async createVerificationToken(data) {
      await db().verificationToken.create({ data: { identifier: data.identifier.toLowerCase(), token: data.token, expires: data.expires } });
      return data;
    },
    async useVerificationToken({ identifier, token }) {
      // Deleting on use makes every link single-use, even when it has expired.
      const rows = await db().$queryRaw<VerificationToken[]>`
        DELETE FROM "VerificationToken" WHERE identifier = ${identifier.toLowerCase()} AND token = ${token}
        RETURNING identifier, token, expires`;
      const row = rows[0] ?? null;
      if (!row) {
        await recordSignInFailure(identifier, "unknown_or_used_link");
        return null;
      }
      if (row.expires.getTime() < (await requestNow()).getTime()) {
        await recordSignInFailure(identifier, "expired_link");
        // Auth.js judges expiry by the wall clock; hand it an expired token so a
        // link expired by Sotto's (possibly moved) clock is refused the same way.
        return { ...row, expires: new Date(0) };
      }
      return row;
    },
  };
}
