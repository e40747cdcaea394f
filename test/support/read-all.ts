/** Every item of an async stream, in order (Array.fromAsync arrives with Node 22). */
export async function readAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
