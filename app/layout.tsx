import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sotto: privacy-first conversational AI", template: "%s · Sotto" },
  description: "One inbox for chat, WhatsApp, Messenger, SMS, email and voice, with AI agents and privacy enforced by code.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white font-sans text-ink antialiased">{children}</body>
    </html>
  );
}
