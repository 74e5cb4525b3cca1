/**
 * The virus-scan hook point: every upload, by staff or by customers, passes the engine's
 * scanner before anything is stored. The default scanner accepts everything; plugins that
 * declare `"scanner": true` add theirs (the engine runs them all, the first refusal wins),
 * and an embedding application may pass its own to createEngine. A scanner that fails
 * (its service unreachable) refuses the upload: nothing unscanned is stored.
 *
 * @example
 *   const eicar: AttachmentScanner = {
 *     name: 'eicar',
 *     async scan(bytes) {
 *       return bytes.includes('EICAR-STANDARD-ANTIVIRUS-TEST-FILE')
 *         ? { clean: false, reason: 'EICAR test file' }
 *         : { clean: true };
 *     },
 *   };
 */
export interface ScanMeta {
  name: string;
  contentType: string;
  size: number;
  instanceId: string;
  /** A user id, or `public` (the tracking link). */
  uploadedBy: string;
}

export type ScanVerdict = { clean: true } | { clean: false; reason: string };

export interface AttachmentScanner {
  /** Recorded with each stored file (`scanned_by`), e.g. the plugin's name. */
  readonly name: string;
  scan(bytes: Buffer, meta: ScanMeta): Promise<ScanVerdict>;
}

/** Accepts everything: the default when no scanner is configured. */
export const noopScanner: AttachmentScanner = {
  name: 'none',
  scan: async () => ({ clean: true }),
};

/** One scanner running several in turn; the first refusal wins. */
export function combineScanners(scanners: readonly AttachmentScanner[]): AttachmentScanner {
  if (scanners.length === 0) return noopScanner;
  if (scanners.length === 1) return scanners[0]!;
  return {
    name: scanners.map((s) => s.name).join('+'),
    async scan(bytes, meta) {
      for (const s of scanners) {
        const verdict = await s.scan(bytes, meta);
        if (!verdict.clean) return { clean: false, reason: `${s.name}: ${verdict.reason}` };
      }
      return { clean: true };
    },
  };
}
