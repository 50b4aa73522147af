import { ConsentScript } from "@/components/consent/consent-script";

/** Every dashboard page: Sotto's consent manager, with the signed-in user's choice synced across their devices. */
export default function DashboardGroupLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      {children}
      <ConsentScript sync />
    </>
  );
}
