// Parses an AsyncAPI document with @asyncapi/parser (its Avro payloads with the Avro schema
// parser), resolving the $refs to files beside it (openapi.yaml, avro/*.avsc). Prints every
// diagnostic and exits 1 when one is an error, so that a broken document fails the build.
//
//   node check-asyncapi.mjs ../../api/asyncapi.yaml
import { resolve } from 'node:path';
import { Parser, fromFile } from '@asyncapi/parser';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';

// the severities of @stoplight/types' DiagnosticSeverity
const SEVERITIES = ['error', 'warning', 'info', 'hint'];
const ERROR = 0;

const file = resolve(process.argv[2] ?? '../../api/asyncapi.yaml');
const avro = AvroSchemaParser();
const parser = new Parser();
parser.registerSchemaParser(avro);

const { document, diagnostics } = await fromFile(parser, file).parse();
// The parser (3.6) converts the payloads of other schema formats in an AsyncAPI 3 document but
// validates them only in AsyncAPI 2 ones: an Avro schema with an unknown type would pass. So
// each Avro payload as written (kept by the parser as x-parser-original-payload) is checked
// here by the Avro schema parser's own validation (avsc).
let avroPayloads = 0;
for (const message of document?.messages().all() ?? []) {
  const format = message.schemaFormat();
  if (!avro.getMimeTypes().includes(format)) {
    continue;
  }
  const original = message.json().payload?.['x-parser-original-payload'];
  const path = ['message', message.name() ?? message.id(), 'payload', 'schema'];
  avroPayloads += 1;
  const problems = original === undefined
    ? [{ message: 'the parser kept no Avro schema to validate', path }]
    : await avro.validate({ data: original, path, schemaFormat: format, asyncapi: {}, meta: {} });
  for (const problem of problems) {
    diagnostics.push({ code: 'avro-schema', severity: 0, path: problem.path ?? path, message: problem.message });
  }
}
for (const d of diagnostics) {
  const where = d.path && d.path.length > 0 ? d.path.join('.') : '(document)';
  const line = d.range ? `:${d.range.start.line + 1}` : '';
  console.log(`${SEVERITIES[d.severity] ?? d.severity} ${d.code} ${d.source ?? file}${line} ${where}: ${d.message}`);
}
const errors = diagnostics.filter((d) => d.severity === ERROR);
if (document === undefined || errors.length > 0) {
  console.error(`AsyncAPI: ${file} has ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`AsyncAPI ${document.version()}: ${file} parses: ${document.channels().length} channels, `
  + `${document.operations().length} operations, ${document.messages().length} messages `
  + `(${avroPayloads} Avro payloads validated), `
  + `${diagnostics.length} diagnostic(s) below error`);
process.exit(0);
