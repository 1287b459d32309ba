// A small SVG bar chart of the warm ratios to native WebAssembly: one panel per mode and
// size, one group of horizontal bars per program, log scale (ratios span 1 to 1000s).

import { type BenchResults, type Mode, geometricMean, ratioOf } from './results.js';
import { fmtRatio } from './report.js';

const COLORS = ['#d62728', '#ff7f0e', '#2ca02c', '#1f77b4', '#9467bd', '#8c564b', '#e377c2'];
const BAR = 11, GAP = 6, LABEL_W = 110, PLOT_W = 520, RIGHT = 60;
const font = (size = 11) => `font-family="sans-serif" font-size="${size}"`;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ratioChart(results: BenchResults, nativeId: string): string {
  const engines = results.engines.filter((e) => e.id !== nativeId && results.measurements.some((m) => m.engine === e.id));
  const color = new Map(engines.map((e, i) => [e.id, COLORS[i % COLORS.length]!]));
  // Panels with something to compare (a native-only panel exists for the --jitless ratios).
  const panels = [...new Set(results.measurements.filter((m) => m.engine !== nativeId).map((m) => `${m.mode} ${m.size}`))];
  let maxRatio = 10, minRatio = 1;
  for (const m of results.measurements) {
    const r = ratioOf(results, m, 'warmMs', nativeId);
    if (r !== undefined) [maxRatio, minRatio] = [Math.max(maxRatio, r), Math.min(minRatio, r)];
  }
  // Bars start at the decade below the fastest ratio (0.1× when an engine beats native).
  const low = Math.floor(Math.log10(minRatio)), high = Math.ceil(Math.log10(maxRatio));
  const x = (r: number) => LABEL_W + ((Math.log10(Math.max(r, 10 ** low)) - low) / (high - low)) * PLOT_W;

  const parts: string[] = [];
  let y = 20;
  parts.push(`<text x="4" y="${y}" ${font(14)} font-weight="bold">pulley-js bench: time ÷ Node WebAssembly's time</text>`);
  parts.push(`<text x="4" y="${y + 16}" ${font()}>warm median, log scale, lower is better; ${esc(results.date.slice(0, 16).replace('T', ' '))} UTC, Node ${esc(results.node)}</text>`);
  y += 34;
  engines.forEach((e, i) => {
    const lx = LABEL_W + (i % 3) * 180, ly = y + Math.floor(i / 3) * 16;
    parts.push(`<rect x="${lx}" y="${ly}" width="10" height="10" fill="${color.get(e.id)}"/><text x="${lx + 14}" y="${ly + 9}" ${font()}>${esc(e.label)}</text>`);
  });
  y += Math.ceil(engines.length / 3) * 16 + 10;

  for (const panel of panels) {
    const [mode, size] = panel.split(' ') as [Mode, string];
    const ms = results.measurements.filter((m) => m.mode === mode && m.size === size && m.engine !== nativeId);
    const inPanel = engines.filter((e) => ms.some((m) => m.engine === e.id));
    const programs = [...new Set(ms.map((m) => m.program)), 'geomean'];
    parts.push(`<text x="4" y="${y + 12}" ${font()} font-weight="bold">${mode === 'jit' ? 'node' : 'node --jitless'}, size ${esc(size)}</text>`);
    y += 22;
    const top = y;
    for (const p of programs) {
      parts.push(`<text x="${LABEL_W - 6}" y="${y + (inPanel.length * BAR) / 2 + 4}" ${font()} text-anchor="end">${esc(p)}</text>`);
      for (const e of inPanel) {
        const mine = ms.filter((m) => m.engine === e.id);
        const m = mine.find((q) => q.program === p);
        let r: number | undefined, text: string;
        if (p === 'geomean') {
          r = geometricMean(mine.map((q) => ratioOf(results, q, 'warmMs', nativeId)).filter((v): v is number => v !== undefined));
          text = r === undefined ? '' : `×${fmtRatio(r)}`;
        } else {
          r = m ? ratioOf(results, m, 'warmMs', nativeId) : undefined;
          text = !m ? '' : m.status !== 'ok' ? m.status.toUpperCase() : r === undefined ? '' : `×${fmtRatio(r)}`;
        }
        const w = r === undefined ? 0 : Math.max(1, x(r) - LABEL_W);
        parts.push(`<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR - 2}" fill="${color.get(e.id)}"><title>${esc(`${e.label}, ${p}: ${text}`)}</title></rect>`);
        if (text) parts.push(`<text x="${(LABEL_W + w + 3).toFixed(1)}" y="${y + BAR - 3}" ${font(9)}>${esc(text)}</text>`);
        y += BAR;
      }
      y += GAP;
    }
    for (let d = low; d <= high; d++) {
      const gx = x(10 ** d).toFixed(1);
      parts.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${y}" stroke="${d === 0 ? '#333' : '#999'}" stroke-dasharray="2,3"/><text x="${gx}" y="${y + 12}" ${font()} text-anchor="middle">${10 ** d}×</text>`);
    }
    y += 30;
  }
  const width = LABEL_W + PLOT_W + RIGHT;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}
