/**
 * Generates src/serve/proto/k8s.proto.json: the protobuf message layouts (field numbers and
 * types) of the API groups `kubelab serve` accepts in `application/vnd.kubernetes.protobuf`
 * bodies, which the real kubectl sends for its generator commands (`kubectl create
 * deployment|configmap|namespace …`), for evictions, token and access reviews; and of
 * gnostic's OpenAPI v2 document, the only form in which kubectl takes /openapi/v2.
 *
 * The layouts come from the real kubectl 1.32 binary on this machine: every Go package
 * generated from a Kubernetes `generated.proto` registers its gzipped FileDescriptorProto,
 * and those descriptors sit in the binary's data as gzip streams. This script finds them,
 * decodes them with protobufjs' descriptor extension and keeps the packages below in
 * protobufjs' JSON form. Run with `npm run proto [path/to/kubectl]`.
 */
import { readFileSync, realpathSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, constants } from 'node:zlib';
import protobuf from 'protobufjs';
import descriptorExtension from 'protobufjs/ext/descriptor/index.js';

// the extension's typings declare nothing; these are the two message types it defines
const descriptor = descriptorExtension as unknown as { FileDescriptorProto: protobuf.Type; FileDescriptorSet: protobuf.Type };

const FILES = [
  'k8s.io/apimachinery/pkg/runtime/generated.proto',
  'k8s.io/apimachinery/pkg/runtime/schema/generated.proto',
  'k8s.io/apimachinery/pkg/api/resource/generated.proto',
  'k8s.io/apimachinery/pkg/util/intstr/generated.proto',
  'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto',
  'k8s.io/api/core/v1/generated.proto',
  'k8s.io/api/apps/v1/generated.proto',
  'k8s.io/api/authentication/v1/generated.proto',
  'k8s.io/api/authorization/v1/generated.proto',
  'k8s.io/api/autoscaling/v1/generated.proto',
  'k8s.io/api/autoscaling/v2/generated.proto',
  'k8s.io/api/batch/v1/generated.proto',
  'k8s.io/api/coordination/v1/generated.proto',
  'k8s.io/api/discovery/v1/generated.proto',
  'k8s.io/api/events/v1/generated.proto',
  'k8s.io/api/networking/v1/generated.proto',
  'k8s.io/api/policy/v1/generated.proto',
  'k8s.io/api/rbac/v1/generated.proto',
  'k8s.io/api/scheduling/v1/generated.proto',
  'k8s.io/api/storage/v1/generated.proto',
];

// Go's compress/gzip header as written by the protobuf generators (no name, no mtime, max compression).
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0x02, 0xff]);

function descriptorsIn(binary: Buffer): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  for (let at = binary.indexOf(GZIP_HEADER); at >= 0; at = binary.indexOf(GZIP_HEADER, at + GZIP_HEADER.length)) {
    let bytes: Buffer;
    try {
      bytes = gunzipSync(binary.subarray(at, at + 1_000_000), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      continue; // the header bytes occurred by chance
    }
    try {
      const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as { name?: string };
      if (file.name && FILES.includes(file.name)) found.set(file.name, bytes);
    } catch {
      // some other gzip stream
    }
  }
  return found;
}

const kubectl = realpathSync(process.argv[2] ?? '/usr/bin/kubectl');
const found = descriptorsIn(readFileSync(kubectl));

const missing = FILES.filter((f) => !found.has(f));
if (missing.length) {
  console.error(`not found in ${kubectl}: ${missing.join(', ')}`);
  process.exit(1);
}
const set = descriptor.FileDescriptorSet.create({ file: FILES.map((f) => descriptor.FileDescriptorProto.decode(found.get(f)!)) });

/**
 * gnostic's OpenAPIv2.proto (the protobuf form of /openapi/v2 that kubectl downloads) is
 * registered by newer Go protobuf code as a raw, not gzipped, descriptor: find its name and
 * read the FileDescriptorProto's fields from there until a byte is no longer one of them.
 */
function rawDescriptor(binary: Buffer, file: string): Uint8Array | undefined {
  const name = Buffer.from(file);
  const at = binary.indexOf(Buffer.concat([Buffer.from([0x0a, name.length]), name]));
  if (at < 0) return undefined;
  const r = protobuf.Reader.create(binary.subarray(at, at + 1_000_000));
  const fileFields = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14]);
  let end = 0;
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (!fileFields.has(tag >>> 3) || ((tag & 7) !== 0 && (tag & 7) !== 2)) break;
    r.skipType(tag & 7);
    end = r.pos;
  }
  return binary.subarray(at, at + end);
}
const openapiBytes = rawDescriptor(readFileSync(kubectl), 'openapiv2/OpenAPIv2.proto');
if (!openapiBytes) {
  console.error(`not found in ${kubectl}: openapiv2/OpenAPIv2.proto`);
  process.exit(1);
}
// google.protobuf.Any, which OpenAPIv2.proto imports
const anyProto = descriptor.FileDescriptorProto.create({
  name: 'google/protobuf/any.proto',
  package: 'google.protobuf',
  syntax: 'proto3',
  messageType: [{ name: 'Any', field: [{ name: 'type_url', number: 1, label: 1, type: 9, jsonName: 'typeUrl' }, { name: 'value', number: 2, label: 1, type: 12, jsonName: 'value' }] }],
});
const openapi = (protobuf.Root as unknown as { fromDescriptor(s: unknown): protobuf.Root }).fromDescriptor(
  descriptor.FileDescriptorSet.create({ file: [anyProto, descriptor.FileDescriptorProto.decode(openapiBytes)] }),
);
const root = (protobuf.Root as unknown as { fromDescriptor(s: unknown): protobuf.Root }).fromDescriptor(set);
const outDir = join(process.cwd(), 'src/serve/proto');
mkdirSync(outDir, { recursive: true });
// Go's embedded structs (`json:",inline"`) have a field of their own in protobuf but none in
// JSON: their fields belong to the parent. The tags name the protobuf field.
const inline = new Set(['ephemeralContainerCommon']); // its tag is `protobuf:"bytes,1,req"`, without a name
for (const m of readFileSync(kubectl).toString('latin1').matchAll(/json:",inline" protobuf:"[^"]*name=(\w+)"/g)) inline.add(m[1]);
inline.delete('typeMeta');
writeFileSync(join(outDir, 'k8s.proto.json'), JSON.stringify({ inline: [...inline].sort(), layouts: root.toJSON(), openapiV2: openapi.toJSON() }) + '\n');
console.log(`wrote src/serve/proto/k8s.proto.json: ${FILES.length} files from ${kubectl}`);
