/**
 * HTML: one self-contained file (styles, script and data inline; a Content-Security-Policy that forbids every
 * fetch) where a security engineer sees the organization at a glance: the coverage matrix as a heat map of accounts
 * by regions by detection path, the open findings by severity with filters (severity, check, account, path), each
 * with its check's explanation and remediation, drift since the last scan, and blind account-regions over time when
 * the state store has history. The report travels as JSON inside the page and the page's script draws it, so a
 * 1,000-account organization stays a few megabytes; every string reaches the DOM as text, never as markup, because
 * trail, rule and topic names are written by the accounts being audited.
 */
import { PATHS } from "../engine/coverage.ts";
import { SEVERITY_ORDER } from "./build.ts";
import type { ScanReport } from "./model.ts";
import type { HistoryPoint, ReportWriter, WriterContext } from "./writer.ts";

/** One letter a path state, in PATHS order: a cell is four letters. */
const STATE_CODE = { ok: "o", degraded: "d", blind: "b", unknown: "u", unchecked: "n" } as const;

export interface HtmlData {
  scanId: string;
  startedAt: string;
  finishedAt: string;
  version: string;
  organizationId: string | null;
  summary: ScanReport["summary"];
  regions: string[];
  paths: readonly string[];
  severities: readonly string[];
  accounts: Array<{ id: string; name: string | null; scanned: boolean; skipReason: string | null }>;
  /** [account index, region index (-1: the account could not be split by region), states, latency]. */
  cells: Array<[number, number, string, string]>;
  checks: Record<
    string,
    {
      title: string;
      severity: string;
      rationale: string;
      paths: string[];
      remediations: Array<{ id: string; title: string; description: string }>;
    }
  >;
  findings: Array<{
    id: string;
    checkId: string;
    status: string;
    severity: string;
    accountId: string;
    region: string;
    resource: string;
    message: string;
    remediationId: string | null;
    firstSeen: string | null;
    isNew: boolean;
    hides: number;
    suppression: { index: number; reason: string; owner: string; expires: string; ticket?: string } | null;
  }>;
  drift: ScanReport["drift"];
  staleSuppressions: Array<{ index: number; reason: string; owner: string; state: string; expires: string }>;
  history: HistoryPoint[];
}

/** The data the page draws: open and suppressed findings (passing ones are counted, not listed). */
export function htmlData(report: ScanReport, ctx: WriterContext): HtmlData {
  const regionIndex = new Map(report.scope.regions.map((r, i) => [r, i]));
  const accountIndex = new Map(report.scope.accounts.map((a, i) => [a.id, i]));
  const accounts = report.scope.accounts.map((a) => ({
    id: a.id,
    name: a.name,
    scanned: a.scanned,
    skipReason: a.skipReason,
  }));
  for (const c of report.coverage) {
    if (!accountIndex.has(c.accountId)) {
      accountIndex.set(c.accountId, accounts.length);
      accounts.push({ id: c.accountId, name: null, scanned: true, skipReason: null });
    }
  }
  const isNew = new Set((report.drift?.new ?? []).map((r) => r.id));
  const open = report.findings.filter((f) => f.status === "fail" || f.status === "error");
  const checkIds = [...new Set([...report.scope.checks, ...open.map((f) => f.checkId)])].sort();
  const checks: HtmlData["checks"] = {};
  for (const id of checkIds) {
    const m = ctx.checks.get(id);
    checks[id] = {
      title: m?.title ?? id,
      severity: m?.severity ?? "medium",
      rationale: m?.rationale ?? "",
      paths: Object.keys(m?.paths ?? {}),
      remediations: (m?.remediationIds ?? []).map((rid) => {
        const r = ctx.remediations.get(rid);
        return { id: rid, title: r?.title ?? rid, description: r?.description ?? "" };
      }),
    };
  }
  return {
    scanId: report.scanId,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    version: report.tool.version,
    organizationId: report.scope.organizationId,
    summary: report.summary,
    regions: report.scope.regions,
    paths: PATHS,
    severities: SEVERITY_ORDER,
    accounts,
    cells: report.coverage.map((c) => [
      accountIndex.get(c.accountId) ?? 0,
      regionIndex.get(c.region) ?? -1,
      PATHS.map((p) => STATE_CODE[c.paths[p]]).join(""),
      c.latency,
    ]),
    checks,
    findings: open.map((f) => ({
      id: f.id,
      checkId: f.checkId,
      status: f.status,
      severity: f.severity,
      accountId: f.accountId,
      region: f.region,
      resource: f.resource,
      message: f.message,
      remediationId: f.remediationId,
      firstSeen: f.firstSeen,
      isNew: isNew.has(f.id),
      hides: f.hides?.length ?? 0,
      suppression: f.suppressed && f.suppression ? f.suppression : null,
    })),
    drift: report.drift,
    staleSuppressions: (report.suppressions ?? [])
      .filter((s) => s.state === "expired" || s.matched === 0)
      .map((s) => ({ index: s.index, reason: s.reason, owner: s.owner, state: s.state, expires: s.expires })),
    history: ctx.history ?? [],
  };
}

/** JSON that cannot close its <script> element or open another: every <, > and & is a \u escape. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const escapeText = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

const STYLE = `
:root{--ok:#2e7d32;--degraded:#f9a825;--blind:#c62828;--unknown:#6d4c9f;--unchecked:#cfd4da;--fg:#1d2329;--muted:#5f6b76;--line:#e3e7eb}
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#f6f8fa}
header{background:#1d2329;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#c9d1d9}
main{padding:16px 24px;max-width:1600px}section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:0 0 16px}
h2{font-size:16px;margin:0 0 8px}.muted{color:var(--muted)}.tiles{display:flex;gap:12px;flex-wrap:wrap;margin-top:10px}
.tile{background:#2b333b;border-radius:6px;padding:8px 12px;min-width:120px}.tile b{display:block;font-size:20px}
.incomplete{background:#fff3cd;color:#5c4400;border:1px solid #f0d68a;border-radius:6px;padding:8px 12px;margin-bottom:16px}
.legend span{display:inline-flex;align-items:center;gap:4px;margin-right:12px}.sq{display:inline-block;width:10px;height:10px;border-radius:2px}
.s-o{background:var(--ok)}.s-d{background:var(--degraded)}.s-b{background:var(--blind)}.s-u{background:var(--unknown)}.s-n{background:var(--unchecked)}
.matrix-wrap{overflow:auto;max-height:70vh;border:1px solid var(--line)}table{border-collapse:collapse}
#matrix th,#matrix td{border-bottom:1px solid var(--line);padding:2px 4px;white-space:nowrap}
#matrix thead th{position:sticky;top:0;background:#fff;font-weight:600;font-size:12px;writing-mode:vertical-rl;transform:rotate(180deg);vertical-align:bottom;height:110px}
#matrix tbody th{position:sticky;left:0;background:#fff;text-align:left;font-weight:500;font-size:12px}
td.cell{cursor:pointer}td.cell .sq{width:7px;height:12px;margin-right:1px;border-radius:1px}td.cell.dim .sq{opacity:.25}td.cell:hover{outline:2px solid #0366d6}
.filters{display:flex;gap:12px;flex-wrap:wrap;align-items:center;margin-bottom:8px}.filters label{display:inline-flex;gap:4px;align-items:center}
select,input[type=search]{font:inherit;padding:2px 4px}
#findings-table{width:100%}#findings-table th{text-align:left;border-bottom:2px solid var(--line);padding:4px}#findings-table td{border-bottom:1px solid var(--line);padding:4px;vertical-align:top}
.sev{font-weight:600;text-transform:uppercase;font-size:11px;padding:1px 6px;border-radius:8px;color:#fff}
.sev-critical{background:#7f0000}.sev-high{background:#c62828}.sev-medium{background:#ef6c00}.sev-low{background:#f9a825;color:#222}.sev-info{background:#607d8b}
tr.suppressed td{color:var(--muted)}.tag{font-size:11px;border:1px solid var(--line);border-radius:8px;padding:0 6px;margin-left:4px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}#findings-table td:nth-child(2) code{white-space:nowrap;word-break:normal}details summary{cursor:pointer;color:#0366d6}
details p{margin:4px 0}.counts span{margin-right:12px}#history svg{display:block}
`;

/** The page's script: reads the embedded data and draws the sections; filters redraw the findings. */
const SCRIPT = `
"use strict";
(function(){
var D=JSON.parse(document.getElementById("ww-data").textContent);
var STATE={o:"ok",d:"degraded",b:"blind",u:"unknown",n:"unchecked"};
var LIMIT=2000;
function el(tag,attrs,kids){var e=document.createElement(tag);if(attrs)for(var k in attrs){if(k==="text")e.textContent=attrs[k];else if(k==="cls")e.className=attrs[k];else e.setAttribute(k,attrs[k]);}
(kids||[]).forEach(function(c){if(c!=null)e.appendChild(typeof c==="string"?document.createTextNode(c):c);});return e;}
function $(id){return document.getElementById(id);}
var names={};D.accounts.forEach(function(a){names[a.id]=a.name;});
function acctLabel(id){return names[id]?id+" "+names[id]:id;}
// Summary.
var s=D.summary;
$("summary").setAttribute("data-incomplete",String(s.incomplete));
[["accounts",s.accounts.scanned+" / "+s.accounts.total,"accounts scanned"],["blind",String(s.blindCells),"blind account-regions"],
 ["fail",String(s.findings.fail),"failing"],["error",String(s.findings.error),"could not be checked"],["suppressed",String(s.findings.suppressed),"suppressed"]]
.forEach(function(t){$("tiles").appendChild(el("div",{cls:"tile",id:"tile-"+t[0],"data-value":t[1]},[el("b",{text:t[1]}),t[2]]));});
if(s.incomplete)$("incomplete").hidden=false;
// Coverage matrix.
var byAccount={};D.cells.forEach(function(c){(byAccount[c[0]]=byAccount[c[0]]||[]).push(c);});
var troubled=function(cs){return (cs||[]).some(function(c){return /[bu]/.test(c[2]);});};
var onlyGaps=$("only-gaps");onlyGaps.checked=D.accounts.length>50;
function drawMatrix(){
  var path=$("f-path").value,acct=$("f-account").value,pi=D.paths.indexOf(path);
  var head=el("tr",{},[el("th",{text:"account"})]);var wide=D.regions.length>0?D.regions:["all"];
  wide.forEach(function(r){head.appendChild(el("th",{scope:"col",text:r}));});
  var body=el("tbody");var shown=0;
  D.accounts.forEach(function(a,ai){
    var cs=byAccount[ai]||[];if(acct&&a.id!==acct)return;if(onlyGaps.checked&&!troubled(cs)&&!acct)return;shown++;
    var row=el("tr",{"data-account":a.id},[el("th",{scope:"row",text:acctLabel(a.id)+(a.scanned?"":" (not scanned)")})]);
    var at={};cs.forEach(function(c){at[c[1]]=c;});
    wide.forEach(function(r,ri){
      var c=at[D.regions.length>0?ri:-1]||at[-1];
      if(!c){row.appendChild(el("td"));return;}
      var td=el("td",{cls:"cell","data-account":a.id,"data-region":D.regions[ri]||"*","data-latency":c[3]});
      var tip=[];D.paths.forEach(function(p,i){var st=STATE[c[2][i]];td.setAttribute("data-"+p,st);tip.push(p+": "+st);
        var sq=el("span",{cls:"sq s-"+c[2][i]});if(pi>=0&&i!==pi)sq.style.opacity=".15";td.appendChild(sq);});
      td.title=acctLabel(a.id)+" "+(D.regions[ri]||"")+"\\n"+tip.join("\\n")+"\\nbest latency: "+c[3];
      td.addEventListener("click",function(){$("f-account").value=a.id;drawAll();$("findings").scrollIntoView();});
      row.appendChild(td);});
    body.appendChild(row);});
  var t=$("matrix");t.textContent="";t.appendChild(el("thead",{},[head]));t.appendChild(body);
  $("matrix-count").textContent=shown+" of "+D.accounts.length+" accounts shown";
  $("matrix").setAttribute("data-rows",String(shown));
}
// Filters.
D.severities.forEach(function(sv){var n=D.findings.filter(function(f){return f.severity===sv;}).length;
  var cb=el("input",{type:"checkbox",id:"f-sev-"+sv,"data-severity":sv});cb.checked=true;
  $("f-sev").appendChild(el("label",{},[cb,el("span",{cls:"sev sev-"+sv,text:sv}),"("+n+")"]));});
Object.keys(D.checks).forEach(function(id){$("f-check").appendChild(el("option",{value:id,text:id}));});
D.accounts.forEach(function(a){$("f-account").appendChild(el("option",{value:a.id,text:acctLabel(a.id)}));});
D.paths.forEach(function(p){$("f-path").appendChild(el("option",{value:p,text:p}));});
var SEVRANK={};D.severities.forEach(function(s,i){SEVRANK[s]=i;});
function selected(){
  var sev={};D.severities.forEach(function(s){sev[s]=$("f-sev-"+s).checked;});
  var check=$("f-check").value,acct=$("f-account").value,path=$("f-path").value,q=$("f-text").value.toLowerCase(),sup=$("f-suppressed").checked;
  return D.findings.filter(function(f){
    if(!sev[f.severity])return false;if(check&&f.checkId!==check)return false;if(acct&&f.accountId!==acct)return false;
    if(path&&(D.checks[f.checkId]||{paths:[]}).paths.indexOf(path)<0)return false;if(!sup&&f.suppression)return false;
    if(q&&(f.resource+" "+f.message+" "+f.checkId).toLowerCase().indexOf(q)<0)return false;return true;});
}
function detail(f){
  var c=D.checks[f.checkId]||{title:f.checkId,rationale:"",remediations:[]};
  var kids=[el("summary",{text:c.title}),el("p",{text:c.rationale})];
  if(f.hides>0)kids.push(el("p",{text:"Its cause left "+f.hides+" other check(s) unjudged here: they are unknown."}));
  var rem=c.remediations.filter(function(r){return !f.remediationId||r.id===f.remediationId;});
  if(rem.length>0)rem.forEach(function(r){kids.push(el("p",{},[el("b",{text:"Fix: "}),el("code",{text:r.id})," "+r.title+". "+r.description]));});
  else kids.push(el("p",{text:"No automatic remediation: a person must fix it (wirewatch plan lists it)."}));
  if(f.suppression){var x=f.suppression;kids.push(el("p",{cls:"muted",text:"Suppressed by suppression "+x.index+" until "+x.expires+": "+x.reason+" (owner "+x.owner+(x.ticket?", ticket "+x.ticket:"")+")"}));}
  kids.push(el("p",{cls:"muted"},["finding ",el("code",{text:f.id}),f.firstSeen?", first seen "+f.firstSeen:""]));
  return el("details",{},kids);
}
function drawFindings(){
  var rows=selected().sort(function(a,b){return (a.suppression?1:0)-(b.suppression?1:0)||SEVRANK[a.severity]-SEVRANK[b.severity]||(a.status==="error"?1:0)-(b.status==="error"?1:0)||(a.accountId<b.accountId?-1:a.accountId>b.accountId?1:0)||(a.checkId<b.checkId?-1:1);});
  var body=$("findings-body");body.textContent="";
  rows.slice(0,LIMIT).forEach(function(f){
    var tr=el("tr",{cls:"finding"+(f.suppression?" suppressed":""),"data-id":f.id,"data-severity":f.severity,"data-check":f.checkId,"data-account":f.accountId,
      "data-region":f.region,"data-status":f.status,"data-suppressed":String(!!f.suppression),"data-paths":(D.checks[f.checkId]||{paths:[]}).paths.join(" ")},[
      el("td",{},[el("span",{cls:"sev sev-"+f.severity,text:f.severity}),f.status==="error"?el("span",{cls:"tag",text:"could not check"}):null,f.isNew?el("span",{cls:"tag",text:"new"}):null,f.suppression?el("span",{cls:"tag",text:"suppressed"}):null]),
      el("td",{},[el("code",{text:f.checkId})]),el("td",{text:acctLabel(f.accountId)}),el("td",{text:f.region}),el("td",{},[el("code",{text:f.resource})]),
      el("td",{},[el("div",{text:f.message}),detail(f)])]);
    body.appendChild(tr);});
  $("findings-count").setAttribute("data-shown",String(Math.min(rows.length,LIMIT)));$("findings-count").setAttribute("data-matching",String(rows.length));
  $("findings-count").textContent=rows.length+" of "+D.findings.length+" findings match"+(rows.length>LIMIT?" (the first "+LIMIT+" are shown: narrow the filters)":"");
}
function drawAll(){drawMatrix();drawFindings();}
["f-check","f-account","f-path","f-suppressed","only-gaps"].forEach(function(id){$(id).addEventListener("change",drawAll);});
$("f-text").addEventListener("input",drawFindings);
D.severities.forEach(function(sv){$("f-sev-"+sv).addEventListener("change",drawFindings);});
$("f-reset").addEventListener("click",function(){["f-check","f-account","f-path","f-text"].forEach(function(id){$(id).value="";});D.severities.forEach(function(sv){$("f-sev-"+sv).checked=true;});drawAll();});
// Drift.
var d=D.drift,dr=$("drift");
if(!d){dr.appendChild(el("p",{cls:"muted",text:"No earlier scan to compare with (the state store was off and no --baseline was given)."}));}
else{
  dr.setAttribute("data-new",String(d.counts.new));dr.setAttribute("data-resolved",String(d.counts.resolved));
  dr.appendChild(el("p",{cls:"counts"},[d.baseline?"Compared with scan "+d.baseline.scanId+" of "+d.baseline.startedAt+": ":"No earlier scan recorded: "].concat(
    ["new","resolved","changed","unknown","stillOpen"].map(function(k){return el("span",{id:"drift-"+k,"data-count":String(d.counts[k]),text:d.counts[k]+" "+(k==="stillOpen"?"still open":k)});}))));
  var dt=el("tbody");[["new",d.new],["resolved",d.resolved],["changed",d.changed],["unknown",d.unknown]].forEach(function(g){
    g[1].slice(0,LIMIT).forEach(function(r){dt.appendChild(el("tr",{"data-change":g[0],"data-id":r.id},[el("td",{text:g[0]}),el("td",{},[el("span",{cls:"sev sev-"+r.severity,text:r.severity})]),
      el("td",{},[el("code",{text:r.checkId})]),el("td",{text:acctLabel(r.accountId)}),el("td",{text:r.region}),el("td",{},[el("code",{text:r.resource})])]));});});
  if(dt.childNodes.length>0)dr.appendChild(el("table",{id:"drift-table"},[el("thead",{},[el("tr",{},["change","severity","check","account","region","resource"].map(function(h){return el("th",{text:h});}))]),dt]));
}
// Blind account-regions over time.
var h=D.history,hs=$("history");
if(h.length<2){hs.appendChild(el("p",{cls:"muted",text:h.length===1?"One scan recorded so far: the trend starts with the next.":"No scan history (the state store is off, or nothing was recorded yet)."}));}
else{
  var W=Math.max(300,h.length*24),H=120,max=Math.max.apply(null,h.map(function(p){return p.blind+p.unknown;}).concat([1]));
  var NS="http://www.w3.org/2000/svg",svg=document.createElementNS(NS,"svg");svg.setAttribute("width",String(W));svg.setAttribute("height",String(H+20));svg.setAttribute("role","img");
  h.forEach(function(p,i){var x=i*(W/h.length),w=Math.max(4,W/h.length-4);
    [[p.blind,"#c62828",0],[p.unknown,"#6d4c9f",p.blind]].forEach(function(b){var r=document.createElementNS(NS,"rect");var bh=H*b[0]/max,base=H*b[2]/max;
      r.setAttribute("x",String(x));r.setAttribute("width",String(w));r.setAttribute("y",String(H-base-bh));r.setAttribute("height",String(bh));r.setAttribute("fill",b[1]);svg.appendChild(r);});
    var g=document.createElementNS(NS,"rect");g.setAttribute("x",String(x));g.setAttribute("width",String(w));g.setAttribute("y","0");g.setAttribute("height",String(H));g.setAttribute("fill","transparent");
    g.setAttribute("data-scan",p.scanId);g.setAttribute("data-blind",String(p.blind));
    var t=document.createElementNS(NS,"title");t.textContent=p.startedAt+": "+p.blind+" blind, "+p.unknown+" could not look, of "+p.total;g.appendChild(t);svg.appendChild(g);});
  hs.appendChild(svg);hs.appendChild(el("p",{cls:"muted",text:h.length+" scans, oldest first: blind (red) and could-not-look (purple) account-regions."}));
}
// Suppressions to review.
var st=$("stale");D.staleSuppressions.forEach(function(x){st.appendChild(el("li",{"data-suppression":String(x.index),"data-state":x.state==="expired"?"expired":"unused",
  text:"suppression "+x.index+" ("+x.reason+", owner "+x.owner+"): "+(x.state==="expired"?"expired on "+x.expires+", no longer applies":"matched no finding")}));});
$("stale-section").hidden=D.staleSuppressions.length===0;
drawAll();
document.body.setAttribute("data-ready","true");
})();
`;

/** Everything the page needs is in it: a reader can open it from a mail attachment on an offline laptop. */
export function renderHtml(report: ScanReport, ctx: WriterContext): string {
  const data = htmlData(report, ctx);
  const title = `wirewatch report ${report.scope.organizationId ?? ""} ${report.startedAt}`.replace(
    /\s+/g,
    " ",
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<title>${escapeText(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>wirewatch: security-monitoring coverage</h1>
<p>${escapeText(report.scope.organizationId ?? "configured accounts")} · scan <code>${escapeText(report.scanId)}</code> · ${escapeText(report.startedAt)} · wirewatch ${escapeText(report.tool.version)}</p>
<div id="summary" class="tiles-wrap"><div id="tiles" class="tiles"></div></div>
</header>
<main>
<div id="incomplete" class="incomplete" hidden>The scan is incomplete: some accounts, regions or calls could not be read. Those cells are shown as could-not-look, never as covered.</div>
<section id="coverage">
<h2>Coverage: accounts by regions by detection path</h2>
<p class="legend"><span><i class="sq s-o"></i>works</span><span><i class="sq s-d"></i>weakened</span><span><i class="sq s-b"></i>blind</span><span><i class="sq s-u"></i>could not look</span><span><i class="sq s-n"></i>not checked</span>
<span class="muted">each cell: archive · log · alarm · fast</span></p>
<div class="filters"><label><input type="checkbox" id="only-gaps"> only accounts with a blind or unknown path</label><span id="matrix-count" class="muted"></span></div>
<div class="matrix-wrap"><table id="matrix"></table></div>
</section>
<section id="findings">
<h2>Findings by severity</h2>
<div class="filters">
<span id="f-sev"></span>
<label>check <select id="f-check"><option value="">all</option></select></label>
<label>account <select id="f-account"><option value="">all</option></select></label>
<label>path <select id="f-path"><option value="">all</option></select></label>
<label>text <input type="search" id="f-text" placeholder="resource or message"></label>
<label><input type="checkbox" id="f-suppressed" checked> suppressed</label>
<button type="button" id="f-reset">reset</button>
</div>
<p id="findings-count" class="muted"></p>
<table id="findings-table"><thead><tr><th>severity</th><th>check</th><th>account</th><th>region</th><th>resource</th><th>finding</th></tr></thead><tbody id="findings-body"></tbody></table>
</section>
<section id="drift-section"><h2>Since the last scan</h2><div id="drift"></div></section>
<section id="history-section"><h2>Blind account-regions over time</h2><div id="history"></div></section>
<section id="stale-section" hidden><h2>Suppressions to review</h2><ul id="stale"></ul></section>
</main>
<script type="application/json" id="ww-data">${embedJson(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

export const htmlWriter: ReportWriter = {
  format: "html",
  fileName: "wirewatch-report.html",
  render: (report, ctx) => renderHtml(report, ctx),
};
