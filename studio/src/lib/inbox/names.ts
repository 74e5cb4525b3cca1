/** The names of processes and their nodes, from the process definitions (latest versions). */
import { isAbsent, type Api } from '$lib/api';

export interface NodeNames {
  /** `{ "zh-Hant", "en" }` name of each process by id. */
  processes: Record<string, unknown>;
  /** `{ "zh-Hant", "en" }` name of each node, keyed `processId/nodeId`. */
  nodes: Record<string, unknown>;
}

interface NodeLike {
  id?: unknown;
  name?: unknown;
}

export async function nodeNames(api: Api, processIds: Iterable<string>): Promise<NodeNames> {
  const out: NodeNames = { processes: {}, nodes: {} };
  await Promise.all(
    [...new Set(processIds)].map(async (id) => {
      try {
        const d = await api.definition('process', id);
        out.processes[id] = d.body.name;
        const nodes = Array.isArray(d.body.nodes) ? (d.body.nodes as NodeLike[]) : [];
        for (const n of nodes) if (typeof n.id === 'string') out.nodes[`${id}/${n.id}`] = n.name;
      } catch (e) {
        if (!isAbsent(e)) throw e;
      }
    }),
  );
  return out;
}
