// The bench:rpa report: per defect kind the detection rate now and in the baseline, the false
// positives on clean contracts, field-level extraction accuracy by format and language, then the
// misses and false positives with what was injected and what the checks raised, and one
// extracted draft from a Chinese PDF.
import type { IntakeDraft } from '../../src/rpa/intake/read-contract-document';
import type { Corpus, CorpusDocument, DefectKind } from '../../tools/documents/corpus';
import type { ExtractedField } from './rpa-accuracy';
import type { CheckResult, Signal } from './rpa-checks';

export interface DocumentOutcome {
  doc: CorpusDocument;
  bytes: number;
  fields: Record<ExtractedField, boolean>;
  now: CheckResult;
  baseline: CheckResult;
  readError?: string;
  warnings: string[];
  read?: IntakeDraft;
}

export interface ReportInput {
  corpus: Corpus;
  outcomes: DocumentOutcome[];
  seconds: number;
  writeMs: number;
  readMs: number;
  showMisses: number;
  kinds: readonly DefectKind[];
  signalOf: Record<DefectKind, Signal>;
  fields: readonly ExtractedField[];
}

const pct = (n: number, d: number): string => (d === 0 ? '   n/a' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const ratio = (now: number, base: number): string => (base === 0 ? (now === 0 ? '   =' : '   new') : `×${(now / base).toFixed(2)}`);

export function formatReport(r: ReportInput): string {
  const { outcomes } = r;
  const count = (pred: (o: DocumentOutcome) => boolean) => outcomes.filter(pred).length;
  const out: string[] = [];
  const docx = count((o) => o.doc.format === 'docx');
  const zh = count((o) => o.doc.lang === 'zh-CN');
  const clean = outcomes.filter((o) => o.doc.defect === null);
  out.push(
    `bench:rpa — ${outcomes.length} contracts (seed ${r.corpus.seed}): ${docx} DOCX, ${outcomes.length - docx} PDF; ${zh} Chinese, ${outcomes.length - zh} English; ${clean.length} clean.`,
    `Registry ${r.corpus.registry.length} customers (+ demo), denied-party list ${r.corpus.deniedParties.length} entries (+ demo). ${r.seconds.toFixed(0)} s in all; ` +
      `writing ${(r.writeMs / outcomes.length).toFixed(0)} ms and intake ${(r.readMs / outcomes.length).toFixed(0)} ms per document on average.`,
    '',
    'defect kind                      n   detected now   baseline   now/baseline   goal ≥95%',
  );
  let allMet = true;
  for (const kind of r.kinds) {
    const docs = outcomes.filter((o) => o.doc.defect === kind);
    const sig = r.signalOf[kind];
    const now = docs.filter((o) => o.now.signals.has(sig)).length;
    const base = docs.filter((o) => o.baseline.signals.has(sig)).length;
    const met = docs.length > 0 && now / docs.length >= 0.95;
    allMet &&= met;
    out.push(`${kind.padEnd(30)} ${String(docs.length).padStart(3)}   ${pct(now, docs.length)}        ${pct(base, docs.length)}     ${ratio(now, base).padStart(8)}       ${met ? 'met' : 'MISSED'}`);
  }
  const fpNow = clean.filter((o) => o.now.signals.size > 0).length;
  const fpBase = clean.filter((o) => o.baseline.signals.size > 0).length;
  const fpMet = clean.length > 0 && fpNow / clean.length <= 0.02;
  allMet &&= fpMet;
  out.push(`${'false positives (clean)'.padEnd(30)} ${String(clean.length).padStart(3)}   ${pct(fpNow, clean.length)}        ${pct(fpBase, clean.length)}     ${ratio(fpNow, fpBase).padStart(8)}       ${fpMet ? 'met' : 'MISSED'} (goal ≤2%)`);

  out.push('', 'extraction (fields correct)      DOCX      PDF     English  Chinese    all');
  const acc = (docs: DocumentOutcome[], f: ExtractedField | null) => {
    const fs = f ? [f] : r.fields;
    const total = docs.length * fs.length;
    const ok = docs.reduce((s, o) => s + fs.filter((x) => o.fields[x]).length, 0);
    return pct(ok, total);
  };
  const groups = [
    outcomes.filter((o) => o.doc.format === 'docx'),
    outcomes.filter((o) => o.doc.format === 'pdf'),
    outcomes.filter((o) => o.doc.lang === 'en'),
    outcomes.filter((o) => o.doc.lang === 'zh-CN'),
    outcomes,
  ];
  for (const f of r.fields) out.push(`  ${f.padEnd(30)} ${groups.map((g) => acc(g, f)).join('   ')}`);
  const overall = acc(outcomes, null);
  const overallOk = outcomes.reduce((s, o) => s + r.fields.filter((x) => o.fields[x]).length, 0) / (outcomes.length * r.fields.length) >= 0.98;
  allMet &&= overallOk;
  out.push(`  ${'all fields'.padEnd(30)} ${groups.map((g) => acc(g, null)).join('   ')}   ${overallOk ? 'met' : 'MISSED'} (goal ≥98%; overall ${overall.trim()})`);
  const unreadable = count((o) => o.readError !== undefined);
  if (unreadable) out.push(`  ${unreadable} documents intake could not read (counted as all fields wrong, nothing detected)`);

  const show = (title: string, list: DocumentOutcome[], res: (o: DocumentOutcome) => CheckResult) => {
    if (!list.length || r.showMisses === 0) return;
    out.push('', `${title} (${list.length}${list.length > r.showMisses ? `, first ${r.showMisses}` : ''}):`);
    for (const o of list.slice(0, r.showMisses)) {
      const wrong = r.fields.filter((f) => !o.fields[f]);
      out.push(
        `  ${o.doc.id} ${o.doc.format} ${o.doc.lang}: ${o.doc.detail}` +
          `${wrong.length ? `; misread: ${wrong.join(', ')}` : ''}${o.readError ? `; unreadable: ${o.readError}` : ''}` +
          `${res(o).why.length ? `; raised: ${res(o).why.join(' / ').slice(0, 400)}` : '; raised nothing'}`,
      );
    }
  };
  for (const kind of r.kinds) show(`Missed now: ${kind}`, outcomes.filter((o) => o.doc.defect === kind && !o.now.signals.has(r.signalOf[kind])), (o) => o.now);
  show('False positives now', clean.filter((o) => o.now.signals.size > 0), (o) => o.now);
  show('False positives of the baseline', clean.filter((o) => o.baseline.signals.size > 0), (o) => o.baseline);
  const misreadFields = r.fields.map((f) => ({ f, docs: outcomes.filter((o) => !o.fields[f] && !o.readError) })).filter((x) => x.docs.length);
  for (const { f, docs } of misreadFields.slice(0, 6)) {
    out.push('', `Misread ${f} (${docs.length}), e.g.:`);
    for (const o of docs.slice(0, Math.min(3, r.showMisses))) {
      const truth = pick(o.doc.draft as unknown as Record<string, unknown>, f);
      const got = o.read ? pick(o.read as unknown as Record<string, unknown>, f) : undefined;
      out.push(`  ${o.doc.id} ${o.doc.format} ${o.doc.lang}: expected ${JSON.stringify(truth).slice(0, 300)}; read ${JSON.stringify(got).slice(0, 300)}`);
    }
  }

  const sample = outcomes.find((o) => o.doc.lang === 'zh-CN' && o.doc.format === 'pdf' && o.doc.defect === null && o.read);
  if (sample) out.push('', `One extracted draft from a Chinese PDF (${sample.doc.id}, layout seed ${sample.doc.layoutSeed}):`, JSON.stringify(sample.read, null, 2));
  out.push('', allMet ? 'Every goal met.' : 'Some goals missed: see the lists above for what was injected, what intake read and what the checks raised.', '');
  return out.join('\n');
}

function pick(obj: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), obj);
}
