import { LockIcon, MicIcon, HandoffIcon, WaveIcon } from "../icons";
import { Container, SectionHeading } from "../ui";

const POINTS = [
  { icon: WaveIcon, title: "Raw PCM16 over WebSocket", text: "16-bit audio frames stream both ways with low latency, ready for speech recognition and synthesis." },
  { icon: LockIcon, title: "Encrypted, nothing on disk", text: "Audio travels over TLS on port 443 and stays in memory unless the caller agreed to a recording." },
  { icon: MicIcon, title: "Consent before recording", text: "The announcement plays first; the recorder starts only after the caller accepts." },
  { icon: HandoffIcon, title: "Warm transfer", text: "An AI agent can pass a live call to a person along with the transcript so far." },
];

const FRAMES = [
  { dir: "→", text: '{ "type": "start", "codec": "pcm16", "rate": 16000 }' },
  { dir: "←", text: '{ "type": "consent", "recording": "accepted" }' },
  { dir: "→", text: "‹binary: 20 ms of audio, 640 bytes›" },
  { dir: "←", text: '{ "type": "transcript", "text": "Move my booking" }' },
  { dir: "←", text: '{ "type": "intent", "name": "booking.reschedule" }' },
  { dir: "←", text: '{ "type": "handoff", "to": "agent" }' },
];

export function VoiceGateway() {
  return (
    <section aria-labelledby="voice-title" className="bg-ink py-20 text-white sm:py-24">
      <Container className="grid items-center gap-12 lg:grid-cols-2">
        <div>
          <SectionHeading
            id="voice-title"
            tone="dark"
            eyebrow="Voice gateway"
            title="Phone calls get the same AI and the same rules"
            lead="A WebSocket sidecar connects your telephony to Sotto's agents. Calls are transcribed, classified and answered, or handed to a colleague, with the consent rules you already set for text."
          />
          <ul className="mt-10 grid gap-6 sm:grid-cols-2">
            {POINTS.map((p) => (
              <li key={p.title}>
                <p.icon className="size-6 text-brand-100" />
                <h3 className="mt-3 font-semibold text-white">{p.title}</h3>
                <p className="mt-1 text-sm leading-6 text-slate-300">{p.text}</p>
              </li>
            ))}
          </ul>
        </div>
        <figure className="overflow-hidden rounded-2xl bg-slate-900 ring-1 ring-white/10">
          <figcaption className="flex items-center justify-between border-b border-white/10 px-4 py-3 text-xs text-slate-300">
            <span>Example call session</span>
            <span className="rounded bg-white/10 px-2 py-0.5 font-mono">wss · 443</span>
          </figcaption>
          <pre className="p-5 font-mono text-[13px] leading-7 whitespace-pre-wrap">
            <code>
              {FRAMES.map((f, i) => (
                <span key={i} className="block break-words">
                  <span className={f.dir === "→" ? "text-emerald-300" : "text-sky-300"}>{f.dir}</span> <span className="text-slate-200">{f.text}</span>
                </span>
              ))}
            </code>
          </pre>
        </figure>
      </Container>
    </section>
  );
}
