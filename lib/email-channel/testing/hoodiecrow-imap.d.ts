declare module "hoodiecrow-imap" {
  import type { Server } from "node:net";
  type TMessage = { raw: string; flags?: string[]; internaldate?: string; uid?: number };
  type TOptions = {
    plugins?: string[];
    users?: Record<string, { password: string; xoauth2?: { accessToken: string; sessionTimeout: number } }>;
    storage?: Record<string, { messages?: TMessage[]; folders?: Record<string, unknown>; uidvalidity?: number; separator?: string }>;
    debug?: boolean;
  };
  type THoodiecrow = {
    server: Server;
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
  };
  export default function hoodiecrow(options?: TOptions): THoodiecrow;
}
