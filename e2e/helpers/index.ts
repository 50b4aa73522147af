export { signIn, latestMail, magicLinkFrom, waitForMagicLink } from "./auth";
export { e2eDb, closeE2eDb } from "./db";
export { SEED_EMAILS, SEED_TENANTS, SEED_USERS } from "../../prisma/seed-data";
