import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sotto: privacy-first conversational AI", template: "%s · Sotto" },
  description: "One inbox for chat, WhatsApp, Messenger, SMS, email and voice, with AI agents and privacy enforced by code.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: the CSP nonce is per request, and a
  // prerendered page's scripts would carry none and be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-white font-sans text-ink antialiased">{children}</body>
    </html>
  );
}
