import { emailLayout } from "@/lib/email/layout";

export function magicLinkEmail(url: string) {
  return {
    subject: "Your Sotto sign-in link",
    ...emailLayout({
      title: "Sign in to Sotto",
      intro: "Click the button below to sign in. The link works once and expires in 10 minutes.",
      actionLabel: "Sign in to Sotto",
      actionUrl: url,
      outro: "If you did not ask to sign in, ignore this message: nobody can sign in without this link.",
    }),
  };
}

export function invitationEmail({ url, tenantName, inviterEmail, role }: { url: string; tenantName: string; inviterEmail: string; role: string }) {
  return {
    subject: `You're invited to ${tenantName} on Sotto`,
    ...emailLayout({
      title: `Join ${tenantName} on Sotto`,
      intro: `${inviterEmail} invited you to the ${tenantName} workspace as ${role}.`,
      actionLabel: "Accept invitation",
      actionUrl: url,
      outro: "The invitation expires in 7 days. If you weren't expecting it, you can ignore this message.",
    }),
  };
}
