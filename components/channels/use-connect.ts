"use client";

import { useRouter } from "next/navigation";

/** After a successful connect, open the new channel's page (setup instructions, embed snippet). */
export function useOpenChannel(slug: string) {
  const router = useRouter();
  return (id: string | undefined) => {
    if (id) router.push(`/t/${slug}/settings/channels/${id}?connected=1`);
  };
}
