import type { Metadata } from "next";
import { CtaBand } from "@/components/marketing/cta-band";
import { AiAgents } from "@/components/marketing/home/ai-agents";
import { Channels } from "@/components/marketing/home/channels";
import { Hero } from "@/components/marketing/home/hero";
import { PrivacyByCode } from "@/components/marketing/home/privacy-by-code";
import { VoiceGateway } from "@/components/marketing/home/voice-gateway";

export const metadata: Metadata = {
  title: { absolute: "Sotto: one private inbox for every customer conversation" },
  description:
    "Website chat, WhatsApp, Messenger, Instagram, SMS, email and voice in one inbox, with AI agents that hand off to humans and privacy controls enforced in code.",
};

export default function HomePage() {
  return (
    <>
      <Hero />
      <Channels />
      <AiAgents />
      <PrivacyByCode />
      <VoiceGateway />
      <CtaBand />
    </>
  );
}
