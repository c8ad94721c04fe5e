// The microphone's loudness over time, for the voice–lip check: [performance.now(), rms, …].
export function recordLoudness(stream) {
  const tracks = stream.getAudioTracks();
  if (tracks.length === 0) return null;
  const ctx = new AudioContext();
  const source = ctx.createMediaStreamSource(new MediaStream(tracks));
  const node = ctx.createScriptProcessor(1024, 1, 1);
  const samples = [];
  node.onaudioprocess = (e) => {
    const data = e.inputBuffer.getChannelData(0);
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += data[i] * data[i];
    // The buffer ends now; its middle was half a buffer ago.
    const t = performance.now() - (data.length / ctx.sampleRate) * 500;
    samples.push(t, Math.sqrt(sum / data.length));
  };
  source.connect(node);
  node.connect(ctx.destination);
  return {
    take() {
      node.disconnect();
      source.disconnect();
      ctx.close();
      return samples;
    },
  };
}
