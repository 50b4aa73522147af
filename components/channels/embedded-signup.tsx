"use client";

import { useEffect, useRef, useState } from "react";
import { useAction } from "next-safe-action/hooks";
import { completeEmbeddedSignup } from "@/lib/channels/actions/complete-embedded-signup";
import { FormError } from "@/components/ui/form";
import { TextField } from "./fields";
import { useOpenChannel } from "./use-connect";

/**
 * WhatsApp Embedded Signup with the Facebook JS SDK. Nothing from Facebook
 * loads until the admin clicks: the SDK script is added then (allowed by this
 * route's CSP, see lib/security/route-policies.ts). Meta's popup reports the
 * chosen phone number id and WABA id by postMessage (WA_EMBEDDED_SIGNUP) and
 * FB.login returns a one-time `code`; both go to the server, which exchanges
 * the code for the business token. No token is ever in the browser.
 */
type TFbLoginResponse = { authResponse?: { code?: string } | null; status?: string };
type TFb = {
  init(opts: { appId: string; autoLogAppEvents: boolean; xfbml: boolean; version: string }): void;
  login(cb: (r: TFbLoginResponse) => void, opts: Record<string, unknown>): void;
};
declare global {
  interface Window {
    FB?: TFb;
    fbAsyncInit?: () => void;
  }
}

const SDK_SRC = "https://connect.facebook.net/en_US/sdk.js";
const FACEBOOK_ORIGIN = /^https:\/\/([a-z0-9-]+\.)?facebook\.com$/;

function loadSdk(appId: string, version: string): Promise<TFb> {
  if (window.FB) return Promise.resolve(window.FB);
  return new Promise((resolve, reject) => {
    window.fbAsyncInit = () => {
      window.FB!.init({ appId, autoLogAppEvents: false, xfbml: false, version });
      resolve(window.FB!);
    };
    const s = document.createElement("script");
    s.src = SDK_SRC;
    s.async = true;
    s.crossOrigin = "anonymous";
    s.onerror = () => reject(new Error("The Facebook SDK could not be loaded (blocked by the browser or the network)."));
    document.body.appendChild(s);
  });
}

export function EmbeddedSignup({ tenantId, slug, appId, configId, version }: { tenantId: string; slug: string; appId: string; configId: string; version: string }) {
  const open = useOpenChannel(slug);
  const [name, setName] = useState("WhatsApp");
  const [code, setCode] = useState<string | null>(null);
  const [ids, setIds] = useState<{ phoneNumberId: string; wabaId: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sent = useRef(false);
  const { execute, result, isPending } = useAction(completeEmbeddedSignup.bind(null, tenantId), {
    onSuccess: ({ data }) => open(data?.id),
    onSettled: () => {
      sent.current = false;
      setBusy(false);
    },
  });

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (!FACEBOOK_ORIGIN.test(event.origin)) return;
      let data: { type?: string; event?: string; data?: Record<string, string> } | null = null;
      try {
        data = typeof event.data === "string" ? JSON.parse(event.data) : event.data;
      } catch {
        return;
      }
      if (data?.type !== "WA_EMBEDDED_SIGNUP") return;
      if (data.event?.startsWith("FINISH") && data.data?.phone_number_id && data.data?.waba_id) {
        setIds({ phoneNumberId: data.data.phone_number_id, wabaId: data.data.waba_id });
      } else if (data.event === "CANCEL") {
        setProblem(`Sign-up was closed${data.data?.current_step ? ` at “${data.data.current_step}”` : ""}. Nothing was connected.`);
        setBusy(false);
      } else if (data.event === "ERROR") {
        setProblem(`Meta reported an error${data.data?.error_message ? `: ${data.data.error_message}` : ""}.`);
        setBusy(false);
      }
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  useEffect(() => {
    if (code && ids && !sent.current) {
      sent.current = true;
      execute({ name, code, ...ids });
    }
  }, [code, ids, name, execute]);

  const start = async () => {
    setProblem(null);
    setCode(null);
    setIds(null);
    setBusy(true);
    try {
      const FB = await loadSdk(appId, version);
      FB.login(
        (r) => {
          if (r.authResponse?.code) setCode(r.authResponse.code);
          else {
            setProblem("Facebook sign-in was cancelled. Nothing was connected.");
            setBusy(false);
          }
        },
        { config_id: configId, response_type: "code", override_default_response_type: true, extras: { setup: {}, featureType: "", sessionInfoVersion: "3" } },
      );
    } catch (e) {
      setProblem(e instanceof Error ? e.message : "The Facebook SDK could not be loaded.");
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4">
      <TextField id="es-name" name="es-name" label="Display name" defaultValue={name} hint="How your team sees this number in the inbox." />
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => {
            const el = document.getElementById("es-name") as HTMLInputElement | null;
            setName(el?.value.trim() || "WhatsApp");
            void start();
          }}
          disabled={busy || isPending}
          aria-busy={busy || isPending || undefined}
          className="inline-flex items-center gap-2 rounded-lg bg-[#1877f2] px-4 py-2 font-medium text-white hover:bg-[#166fe5] disabled:opacity-60"
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 fill-current">
            <path d="M24 12.07C24 5.41 18.63 0 12 0S0 5.4 0 12.07C0 18.1 4.39 23.1 10.13 24v-8.44H7.08v-3.49h3.04V9.41c0-3.02 1.8-4.7 4.54-4.7 1.31 0 2.68.24 2.68.24v2.97h-1.5c-1.5 0-1.96.93-1.96 1.89v2.26h3.32l-.53 3.5h-2.8V24C19.62 23.1 24 18.1 24 12.07" />
          </svg>
          {isPending ? "Finishing…" : busy ? "Waiting for Facebook…" : "Connect with Facebook"}
        </button>
        <p className="text-xs text-slate-500">Opens Meta&apos;s sign-up in a pop-up. Facebook&apos;s script loads only when you click.</p>
      </div>
      {problem ? (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          {problem}
        </p>
      ) : null}
      <FormError message={result.serverError ?? (result.validationErrors ? "Meta returned ids Sotto could not use. Try again, or enter them by hand below." : undefined)} />
    </div>
  );
}
