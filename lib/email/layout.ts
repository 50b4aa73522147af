/** Minimal, client-safe HTML mail layout. Inputs are escaped here, once. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function emailLayout({ title, intro, actionLabel, actionUrl, outro }: {
  title: string;
  intro: string;
  actionLabel: string;
  actionUrl: string;
  outro: string;
}): { html: string; text: string } {
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;background:#f8fafc;padding:24px">
<table role="presentation" style="max-width:520px;margin:auto;background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:32px">
<tr><td><h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>
<p style="color:#334155;line-height:1.5">${escapeHtml(intro)}</p>
<p style="margin:24px 0"><a href="${escapeHtml(actionUrl)}" style="background:#2c45b8;color:#fff;padding:12px 20px;border-radius:8px;text-decoration:none;display:inline-block">${escapeHtml(actionLabel)}</a></p>
<p style="color:#64748b;font-size:13px;line-height:1.5">${escapeHtml(outro)}</p>
</td></tr></table></body></html>`;
  const text = `${title}\n\n${intro}\n\n${actionLabel}: ${actionUrl}\n\n${outro}\n`;
  return { html, text };
}
