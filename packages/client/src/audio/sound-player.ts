import { recipeLength, type SoundName, type SoundRecipe } from './sound-recipes.js';

/** Sounds playing at once, at most: a busy fight of 16 players must not pile up hundreds of nodes. */
const MAX_VOICES = 10;
/** Attack of every part, seconds: fast enough to click, slow enough not to pop. */
const ATTACK_S = 0.004;
/** Exponential ramps cannot reach 0; this is silence. */
const SILENT = 0.0001;
/** Length of the shared white-noise buffer, seconds (longer than any burst). */
const NOISE_S = 1;
/** The whole game's level under the master gain, so the sum of a few voices does not clip. */
const MASTER_GAIN = 0.7;

/** Gestures that let a page start audio (browsers refuse an AudioContext before one). */
const GESTURES = ['pointerdown', 'keydown', 'touchend'] as const;

export type AudioState = 'none' | AudioContextState;

/**
 * Plays `SoundRecipe`s with the Web Audio API. Browsers only let a page make sound after a user gesture,
 * so the `AudioContext` is created (or resumed, after the tab was in the background) by the first
 * pointer, key or touch on the page; until then `play` is a no-op. Muting stops new sounds at once and
 * silences the ones still ringing through the master gain.
 */
export class SoundPlayer {
  private ctx: AudioContext | null = null;
  private master: GainNode | null = null;
  private noise: AudioBuffer | null = null;
  private voices = 0;
  private isMuted: boolean;
  /** Sounds asked for, by name, since the page loaded (muted or not): what the test hook reports. */
  readonly requested: Record<SoundName, number> = zeroCounts();
  /** Sounds that really started, by name. */
  readonly played: Record<SoundName, number> = zeroCounts();
  private readonly controller = new AbortController();

  constructor(muted: boolean) {
    this.isMuted = muted;
    for (const type of GESTURES) {
      window.addEventListener(type, this.unlock, { capture: true, signal: this.controller.signal });
    }
  }

  get muted(): boolean {
    return this.isMuted;
  }

  set muted(muted: boolean) {
    this.isMuted = muted;
    if (this.master && this.ctx)
      this.master.gain.setValueAtTime(muted ? 0 : MASTER_GAIN, this.ctx.currentTime);
  }

  get state(): AudioState {
    return this.ctx?.state ?? 'none';
  }

  /** Play `recipe` now; false when it could not (muted, no gesture yet, too many voices). */
  play(recipe: SoundRecipe): boolean {
    this.requested[recipe.name] += 1;
    const ctx = this.ctx;
    const master = this.master;
    if (this.isMuted || !ctx || !master || ctx.state !== 'running' || this.voices >= MAX_VOICES) return false;
    const t0 = ctx.currentTime;
    const out = new GainNode(ctx, { gain: recipe.gain });
    const pan = new StereoPannerNode(ctx, { pan: recipe.pan });
    out.connect(pan).connect(master);
    for (const tone of recipe.tones) {
      const osc = new OscillatorNode(ctx, { type: tone.wave, frequency: tone.fromHz });
      const start = t0 + tone.at;
      const end = start + tone.duration;
      if (tone.toHz !== tone.fromHz) osc.frequency.exponentialRampToValueAtTime(tone.toHz, end);
      osc.connect(envelope(ctx, start, end, tone.gain)).connect(out);
      osc.start(start);
      osc.stop(end + 0.02);
    }
    for (const burst of recipe.noise) {
      const src = new AudioBufferSourceNode(ctx, { buffer: this.noiseBuffer(ctx) });
      const filter = new BiquadFilterNode(ctx, { type: 'lowpass', frequency: burst.cutoffHz });
      const start = t0 + burst.at;
      const end = start + burst.duration;
      src
        .connect(filter)
        .connect(envelope(ctx, start, end, burst.gain))
        .connect(out);
      src.start(start);
      src.stop(end + 0.02);
    }
    this.voices += 1;
    // The graph is garbage once its sources stop; only the voice count needs the end.
    setTimeout(
      () => {
        this.voices -= 1;
        pan.disconnect();
      },
      (recipeLength(recipe) + 0.05) * 1000,
    );
    this.played[recipe.name] += 1;
    return true;
  }

  dispose(): void {
    this.controller.abort();
    void this.ctx?.close();
    this.ctx = null;
  }

  /** Called on every gesture until the context runs: create it, or resume it after a suspension. */
  private readonly unlock = (): void => {
    if (!this.ctx) {
      if (typeof AudioContext === 'undefined') {
        this.controller.abort();
        return;
      }
      this.ctx = new AudioContext({ latencyHint: 'interactive' });
      this.master = new GainNode(this.ctx, { gain: this.isMuted ? 0 : MASTER_GAIN });
      this.master.connect(this.ctx.destination);
    }
    if (this.ctx.state === 'suspended') void this.ctx.resume().catch(() => undefined);
  };

  private noiseBuffer(ctx: AudioContext): AudioBuffer {
    if (this.noise) return this.noise;
    const buffer = new AudioBuffer({
      length: Math.ceil(ctx.sampleRate * NOISE_S),
      sampleRate: ctx.sampleRate,
    });
    const data = buffer.getChannelData(0);
    // Noise needs no reproducibility: Math.random is fine here (the simulation never sees it).
    for (let i = 0; i < data.length; i++) data[i] = Math.random() * 2 - 1;
    this.noise = buffer;
    return buffer;
  }
}

/** A gain node shaped as a fast attack to `peak` and an exponential decay to silence at `end`. */
function envelope(ctx: AudioContext, start: number, end: number, peak: number): GainNode {
  const g = new GainNode(ctx, { gain: 0 });
  g.gain.setValueAtTime(0, start);
  g.gain.linearRampToValueAtTime(peak, start + ATTACK_S);
  g.gain.exponentialRampToValueAtTime(SILENT, end);
  return g;
}

function zeroCounts(): Record<SoundName, number> {
  return { laser: 0, hit: 0, hurt: 0, kill: 0, death: 0, respawn: 0, 'round-end': 0 };
}
