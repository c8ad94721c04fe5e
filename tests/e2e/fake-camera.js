// A fake camera and microphone that follow the page's prompts like a person would: injected by
// the end-to-end tests (page.addInitScript) in place of getUserMedia. It draws pre-rendered
// frames of a synthesized face on a canvas (canvas.captureStream) and plays the matching voice
// through WebAudio (MediaStreamDestination). window.__fakeCamera = { base, mode } configures it:
//   mode "read":  says each digit the page shows, 300 ms after it appears;
//   mode "other": says a digit of another mouth shape instead;
//   mode "still": a still photo, while a voice reads the right digits.
(() => {
  const REACTION_MS = 300;
  const OTHER = { 0: 3, 1: 5, 4: 8, 7: 9, 2: 1, 3: 4, 8: 0, 5: 7, 6: 2, 9: 3 };
  const load = (src) => new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = reject;
    img.src = src;
  });

  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const cfg = window.__fakeCamera;
    const meta = await (await fetch(`${cfg.base}clips.json`)).json();
    const neutral = await Promise.all([...Array(meta.neutral).keys()].map((i) => load(`${cfg.base}neutral-${String(i).padStart(3, "0")}.jpg`)));
    const still = await load(`${cfg.base}still.jpg`);
    const clips = {};
    const actx = new AudioContext();
    for (const d of Object.keys(meta.digits)) {
      const frames = await Promise.all([...Array(meta.digits[d]).keys()].map((i) => load(`${cfg.base}digit-${d}-${String(i).padStart(3, "0")}.jpg`)));
      const audio = await actx.decodeAudioData(await (await fetch(`${cfg.base}digit-${d}.wav`)).arrayBuffer());
      clips[d] = { frames, audio };
    }
    const canvas = document.createElement("canvas");
    canvas.width = neutral[0].naturalWidth;
    canvas.height = neutral[0].naturalHeight;
    const ctx = canvas.getContext("2d");
    const stream = canvas.captureStream(meta.fps);
    const dest = actx.createMediaStreamDestination();
    if (constraints.audio) stream.addTrack(dest.stream.getAudioTracks()[0]);
    const started = performance.now();
    let playing = null;

    function say(digit) {
      const clip = clips[String(digit)];
      if (cfg.mode !== "still") playing = { clip, at: performance.now() };
      const src = actx.createBufferSource();
      src.buffer = clip.audio;
      src.connect(dest);
      src.start(actx.currentTime + meta.lead_ms / 1000);
    }
    document.addEventListener("wangban:prompt", (e) => {
      const d = cfg.mode === "other" ? OTHER[e.detail.digit] : e.detail.digit;
      setTimeout(() => say(d), REACTION_MS - meta.lead_ms);
    });

    function draw() {
      const now = performance.now();
      let img;
      if (cfg.mode === "still") {
        img = still;
      } else if (playing) {
        const i = Math.floor(((now - playing.at) * meta.fps) / 1000);
        if (i < playing.clip.frames.length) img = playing.clip.frames[i];
        else playing = null;
      }
      if (!img) img = neutral[Math.floor(((now - started) * meta.fps) / 1000) % neutral.length];
      ctx.drawImage(img, 0, 0);
      requestAnimationFrame(draw);
    }
    draw();
    return stream;
  };
})();
