/**
 * The banner's CSS, inside its shadow root (the host page's styles cannot reach
 * it, and it cannot reach the page). Everything is position: fixed, so showing
 * or hiding it never moves the page's content (no layout shift). Accept and
 * Reject share one class: equal size, colour and weight by construction.
 */
export const CSS = `
:host{all:initial;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a}
*{box-sizing:border-box;font:inherit;margin:0}
.b{position:fixed;z-index:2147483000;left:16px;bottom:16px;width:min(440px,calc(100vw - 32px));max-height:calc(100vh - 32px);overflow:auto;background:#fff;border:1px solid #cbd5e1;border-radius:14px;box-shadow:0 12px 40px rgba(15,23,42,.22);padding:20px}
h2{font-size:17px;font-weight:700;padding-right:32px;margin-bottom:6px}
h3{font-size:15px;font-weight:600}
p{margin:6px 0}
a{color:#3730a3;text-decoration:underline}
.n{background:#ecfdf5;color:#065f46;border-radius:8px;padding:8px 10px;font-size:14px;margin:8px 0}
.r{display:flex;flex-wrap:wrap;gap:8px;margin-top:14px}
.btn{flex:1 1 0;min-width:110px;min-height:44px;padding:10px 14px;border-radius:10px;border:2px solid #312e81;background:#312e81;color:#fff;font-weight:600;font-size:15px;cursor:pointer}
.btn:hover{background:#1e1b4b}
.x{position:absolute;top:10px;right:10px;width:36px;height:36px;border:0;border-radius:8px;background:transparent;color:#334155;font-size:22px;line-height:1;cursor:pointer}
.x:hover{background:#f1f5f9}
button:focus-visible,a:focus-visible,input:focus-visible,summary:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.o{position:fixed;z-index:2147483001;inset:0;background:rgba(15,23,42,.5);display:flex;align-items:center;justify-content:center;padding:16px}
.d{position:relative;background:#fff;border-radius:14px;width:min(640px,100%);max-height:calc(100vh - 32px);overflow:auto;padding:24px}
.c{border-top:1px solid #e2e8f0;padding:12px 0}
.h{display:flex;align-items:center;justify-content:space-between;gap:12px}
.s{font-size:13px;color:#475569}
input[type=checkbox]{appearance:none;width:44px;height:26px;border-radius:13px;background:#64748b;position:relative;cursor:pointer;flex:none}
input[type=checkbox]::after{content:"";position:absolute;top:3px;left:3px;width:20px;height:20px;border-radius:50%;background:#fff;transition:left .15s}
input[type=checkbox]:checked{background:#312e81}
input[type=checkbox]:checked::after{left:21px}
input[type=checkbox]:disabled{opacity:.6;cursor:not-allowed}
details{margin-top:6px;font-size:14px}
summary{cursor:pointer;color:#3730a3}
ul{padding-left:18px;margin:6px 0}
li{margin:6px 0}
strong{font-weight:700}
code{font:13px ui-monospace,monospace;background:#f1f5f9;padding:1px 4px;border-radius:4px;word-break:break-all}
.l{position:fixed;z-index:2147483000;left:16px;bottom:16px;width:44px;height:44px;border-radius:50%;border:1px solid #cbd5e1;background:#fff;color:#312e81;box-shadow:0 4px 14px rgba(15,23,42,.18);cursor:pointer;display:flex;align-items:center;justify-content:center}
@media (prefers-reduced-motion:reduce){input[type=checkbox]::after{transition:none}}
`;
