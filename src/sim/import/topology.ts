/**
 * modelTopology → a chain of raw layers (class name, config, field path). Reads both forms
 * tfjs-layers writes and reads (tfjs-layers models.js, engine/container.js): the converter's
 * `modelTopology.model_config` and model.save's bare `modelTopology`; a Sequential's layers as
 * `config.layers` or (older Keras) `config` itself; a Functional model ("Model" / "Functional") as
 * `layers` with `inbound_nodes` (Keras 2 / tfjs lists [[name, node, tensor, kwargs]], or Keras 3
 * {args: [{config: {keras_history: [name, node, tensor]}}]}), refused unless it is one chain from
 * one input to one output.
 */
import { IMPORT_LIMITS, refuse, shown } from './errors';
import { asArray, asObject, fieldPath } from './json';

export interface RawLayer {
  className: string;
  config: Record<string, unknown>;
  /** path of the layer's entry in model.json */
  field: string;
}

export interface Topology {
  name: string;
  form: 'Sequential' | 'Functional';
  /** the declared input shape (batch axis first) and where it was found */
  inputShape?: { shape: (number | null)[]; field: string };
  layers: RawLayer[];
}

/** A layer's declared batch input shape (batch_input_shape, Keras 3's batch_shape), or undefined. */
export function declaredShape(config: Record<string, unknown>, file: string, field: string): Topology['inputShape'] {
  for (const key of ['batch_input_shape', 'batch_shape']) {
    const v = config[key];
    if (v === undefined || v === null) continue;
    const f = `${field}.config.${key}`;
    const dims = asArray(v, file, f, 'a list of dimensions (null for the batch)').map((d) => {
      if (d !== null && (typeof d !== 'number' || !Number.isInteger(d) || d < 1))
        refuse(file, f, `${f} must list whole numbers or null, but it holds ${shown(d)}.`);
      return d as number | null;
    });
    return { shape: dims, field: f };
  }
  return undefined;
}

function rawLayer(v: unknown, file: string, field: string): RawLayer {
  const o = asObject(v, file, field, 'a layer: an object with class_name and config');
  if (typeof o.class_name !== 'string')
    refuse(file, `${field}.class_name`, `${field}.class_name must name the layer's type, but it is ${shown(o.class_name)}.`);
  const config = asObject(o.config, file, `${field}.config`, `the ${o.class_name} layer's settings`);
  return { className: o.class_name, config, field };
}

/** The names of the layers an inbound node reads. */
function nodeSources(node: unknown, file: string, field: string): string[] {
  if (Array.isArray(node)) {
    return node.map((t, i) => {
      const tf = fieldPath(field, i);
      if (!Array.isArray(t) || typeof t[0] !== 'string')
        refuse(file, tf, `${tf} must be [layer name, node, tensor, kwargs], but it is ${shown(t)}.`);
      return t[0];
    });
  }
  const o = asObject(node, file, field, 'an inbound node');
  const args = asArray(o.args, file, `${field}.args`, "the node's input tensors");
  return args.map((a, i) => {
    const h = (a as { config?: { keras_history?: unknown } } | null)?.config?.keras_history;
    if (!Array.isArray(h) || typeof h[0] !== 'string')
      refuse(
        file,
        `${field}.args[${i}]`,
        `${field}.args[${i}] is not a tensor from another layer (no keras_history): a functional model with extra inputs.`,
      );
    return h[0];
  });
}

function functionalChain(config: Record<string, unknown>, file: string, base: string): { layers: RawLayer[]; input: RawLayer } {
  const entries = asArray(config.layers, file, `${base}.layers`, 'the list of layers');
  const inputs = asArray(config.input_layers, file, `${base}.input_layers`, 'the list of input layers');
  const outputs = asArray(config.output_layers, file, `${base}.output_layers`, 'the list of output layers');
  // Keras writes one input as [[name, 0, 0]] and, since 2.x for a single input, sometimes [name, 0, 0]
  const single = (v: unknown[]) => (typeof v[0] === 'string' ? [v] : v);
  if (single(inputs).length !== 1)
    refuse(file, `${base}.input_layers`, `the model has ${single(inputs).length} inputs; the simulator imports models with one input sequence.`);
  if (single(outputs).length !== 1)
    refuse(file, `${base}.output_layers`, `the model has ${single(outputs).length} outputs; the simulator imports models with one output.`);
  const inputName = (single(inputs)[0] as unknown[])[0];
  const outputName = (single(outputs)[0] as unknown[])[0];
  const byName = new Map<string, { raw: RawLayer; sources: string[] }>();
  entries.forEach((e, i) => {
    const f = fieldPath(`${base}.layers`, i);
    const raw = rawLayer(e, file, f);
    const name = (e as { name?: unknown }).name ?? raw.config.name;
    if (typeof name !== 'string') refuse(file, `${f}.name`, `${f}.name must be the layer's name, but it is ${shown(name)}.`);
    if (byName.has(name)) refuse(file, `${f}.name`, `two layers are named "${name}".`);
    const nodes = asArray((e as { inbound_nodes?: unknown }).inbound_nodes ?? [], file, `${f}.inbound_nodes`, 'a list of inbound nodes');
    if (nodes.length > 1)
      refuse(
        file,
        `${f}.inbound_nodes`,
        `the layer "${name}" is applied ${nodes.length} times (a shared layer); the simulator imports a plain chain of layers.`,
      );
    const sources = nodes.length ? nodeSources(nodes[0], file, `${f}.inbound_nodes[0]`) : [];
    if (sources.length > 1)
      refuse(
        file,
        `${f}.inbound_nodes`,
        `the layer "${name}" reads ${sources.length} tensors (${sources.join(', ')}); the simulator imports a plain chain of layers.`,
      );
    byName.set(name, { raw, sources });
  });
  const inputLayers = [...byName.values()].filter((l) => l.raw.className === 'InputLayer');
  if (inputLayers.length !== 1)
    refuse(file, `${base}.layers`, `the model has ${inputLayers.length} InputLayers; the simulator imports models with one input sequence.`);
  const input = byName.get(String(inputName));
  if (!input || input.raw.className !== 'InputLayer')
    refuse(file, `${base}.input_layers`, `the input layer ${shown(inputName)} is not an InputLayer of the model.`);
  const chain: RawLayer[] = [];
  let current = String(inputName);
  for (;;) {
    const next = [...byName.entries()].filter(([, l]) => l.sources.includes(current));
    if (next.length > 1)
      refuse(
        file,
        `${base}.layers`,
        `the output of "${current}" goes to ${next.length} layers (${next.map(([n]) => n).join(', ')}): a model with branches. The simulator imports a plain chain of layers.`,
      );
    if (next.length === 0) break;
    current = next[0][0];
    chain.push(next[0][1].raw);
    if (chain.length > byName.size) break;
  }
  if (current !== outputName)
    refuse(file, `${base}.output_layers`, `the chain of layers from the input ends at "${current}", not at the output ${shown(outputName)}.`);
  if (chain.length !== byName.size - 1) {
    const used = new Set(chain.map((l) => l.field));
    const stray = [...byName.entries()].find(([, l]) => l.raw.className !== 'InputLayer' && !used.has(l.raw.field));
    refuse(file, stray ? stray[1].raw.field : `${base}.layers`, `the layer "${stray?.[0]}" is not on the chain from the input to the output.`);
  }
  return { layers: chain, input: input.raw };
}

/** Reads the model's layers from model.json's parsed root. */
export function readTopology(root: Record<string, unknown>, file: string): Topology {
  const top = asObject(root.modelTopology, file, 'modelTopology', 'the model topology (an object with the model config)');
  const wrapped = top.model_config !== undefined;
  const base = wrapped ? 'modelTopology.model_config' : 'modelTopology';
  const mc = asObject(wrapped ? top.model_config : top, file, base, 'the model config (class_name and config)');
  const cls = mc.class_name;
  let layers: RawLayer[];
  let inputShape: Topology['inputShape'];
  let name = '';
  let form: Topology['form'];
  if (cls === 'Sequential') {
    form = 'Sequential';
    const cfgList = Array.isArray(mc.config);
    const config = cfgList ? {} : asObject(mc.config, file, `${base}.config`, "the Sequential model's config");
    const lf = cfgList ? `${base}.config` : `${base}.config.layers`;
    const list = asArray(cfgList ? mc.config : config.layers, file, lf, 'the list of layers');
    name = typeof config.name === 'string' ? config.name : '';
    layers = list.map((l, i) => rawLayer(l, file, fieldPath(lf, i)));
    if (layers[0]?.className === 'InputLayer') {
      const input = layers.shift()!;
      inputShape = declaredShape(input.config, file, input.field);
    }
    const stray = layers.find((l) => l.className === 'InputLayer');
    if (stray) refuse(file, stray.field, `an InputLayer may only come first in a Sequential model.`);
    if (!inputShape && layers[0]) inputShape = declaredShape(layers[0].config, file, layers[0].field);
  } else if (cls === 'Model' || cls === 'Functional') {
    form = 'Functional';
    const config = asObject(mc.config, file, `${base}.config`, "the functional model's config");
    name = typeof config.name === 'string' ? config.name : '';
    const chain = functionalChain(config, file, `${base}.config`);
    layers = chain.layers;
    inputShape = declaredShape(chain.input.config, file, chain.input.field);
  } else {
    refuse(
      file,
      `${base}.class_name`,
      `${base}.class_name is ${shown(cls)}; the simulator imports Keras / tf.layers Sequential and (single-chain) Functional models.`,
    );
  }
  if (layers.length === 0) refuse(file, `${base}.config`, 'the model has no layers.');
  if (layers.length > IMPORT_LIMITS.maxLayers)
    refuse(file, `${base}.config`, `the model has ${layers.length} layers; the simulator imports at most ${IMPORT_LIMITS.maxLayers}.`);
  return { name, form, inputShape, layers };
}
