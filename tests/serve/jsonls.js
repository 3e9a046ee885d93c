// Runs VS Code's JSON language service (vscode-json-languageservice) as VS Code would on
// workspace files: the schema associations of a .vscode/settings.json, the schema read from
// disk, then validation, hover and completion at given offsets. Request on stdin, JSON out:
//   {"modules": DIR, "folder": DIR, "settings": {...}, "documents": [{"path", "hover": [offset], "complete": [offset]}]}
'use strict';
const fs = require('fs');
const path = require('path');

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const load = (name) => require(path.join(request.modules, name));
const ls = load('vscode-json-languageservice');
const { TextDocument } = load('vscode-languageserver-textdocument');
const { URI } = load('vscode-uri');

const folderUri = URI.file(request.folder).toString();
const service = ls.getLanguageService({
  // VS Code reads a workspace schema from disk; nothing is fetched from the network.
  schemaRequestService: (uri) => {
    if (!uri.startsWith('file:')) return Promise.reject(`refusing to fetch ${uri}`);
    try { return Promise.resolve(fs.readFileSync(URI.parse(uri).fsPath, 'utf8')); }
    catch (e) { return Promise.reject(String(e)); }
  },
  workspaceContext: { resolveRelativePath: (relative, base) => new URL(relative, base).href },
});
// As VS Code's JSON extension does with the json.schemas of a folder's settings: a relative
// url is resolved against the workspace folder, and fileMatch applies inside that folder.
const schemas = (request.settings['json.schemas'] || []).map((entry) => ({
  uri: new URL(entry.url, folderUri + '/').href,
  fileMatch: entry.fileMatch,
  folderUri,
}));
service.configure({ validate: true, allowComments: false, schemas });

(async () => {
  const results = [];
  for (const item of request.documents) {
    const text = fs.readFileSync(item.path, 'utf8');
    const document = TextDocument.create(URI.file(item.path).toString(), 'json', 1, text);
    const parsed = service.parseJSONDocument(document);
    const diagnostics = await service.doValidation(document, parsed, { schemaValidation: 'error', schemaRequest: 'error' });
    const hovers = [];
    for (const offset of item.hover || []) {
      const hover = await service.doHover(document, document.positionAt(offset), parsed);
      hovers.push(hover ? [].concat(hover.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n') : null);
    }
    const completions = [];
    for (const offset of item.complete || []) {
      const list = await service.doComplete(document, document.positionAt(offset), parsed);
      completions.push(list ? list.items.map((i) => i.label) : null);
    }
    results.push({ path: item.path, diagnostics, hovers, completions });
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => { console.error(error && error.stack || error); process.exit(3); });
