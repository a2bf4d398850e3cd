/**
 * A one-line progress bar for a terminal (stderr), redrawn at most every 100 ms; nothing at all
 * when the stream is not a terminal, so logs and pipes stay clean.
 */
export function progressBar(
  stream: NodeJS.WriteStream,
  label: string,
): { update(done: number, total: number): void; end(): void } {
  if (!stream.isTTY) return { update() {}, end() {} };
  let drawnAt = 0;
  let drawn = false;
  const draw = (done: number, total: number) => {
    const width = 30;
    const share = total === 0 ? 1 : done / total;
    const filled = Math.round(share * width);
    stream.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${done}/${total}`,
    );
    drawn = true;
  };
  return {
    update(done, total) {
      const now = Date.now();
      if (done === total || now - drawnAt >= 100) {
        drawnAt = now;
        draw(done, total);
      }
    },
    end() {
      if (drawn) stream.write('\n');
    },
  };
}
