//! Mandarin digits from espeak-ng, placed on a timeline, and the voice envelope of a track.

use std::collections::HashMap;
use std::process::Command;

use wangban_liveness::AudioEnvelope;

pub const RATE: u32 = 22_050;

/// One spoken digit: samples in `[-1, 1]` with the leading and trailing silence trimmed.
#[derive(Clone, Debug)]
pub struct Utterance {
    pub samples: Vec<f32>,
}

impl Utterance {
    pub fn duration_ms(&self) -> i32 {
        (self.samples.len() as u64 * 1000 / u64::from(RATE)) as i32
    }

    /// Loudness (RMS) around `ms` into the utterance, relative to its loudest 20 ms: 0 to 1.
    pub fn intensity(&self, ms: i32) -> f32 {
        let rms = |center: usize| {
            let half = (RATE / 100) as usize;
            let (a, b) = (center.saturating_sub(half), (center + half).min(self.samples.len()));
            if a >= b {
                return 0.0;
            }
            (self.samples[a..b].iter().map(|s| s * s).sum::<f32>() / (b - a) as f32).sqrt()
        };
        if ms < 0 || ms >= self.duration_ms() {
            return 0.0;
        }
        let peak = (0..self.samples.len()).step_by((RATE / 100) as usize).map(rms).fold(0.0, f32::max);
        if peak > 0.0 { (rms(ms as usize * RATE as usize / 1000) / peak).min(1.0) } else { 0.0 }
    }
}

/// espeak-ng's Mandarin voice, one process per digit, cached.
#[derive(Default)]
pub struct Voice {
    cache: HashMap<u8, Utterance>,
}

impl Voice {
    pub fn digit(&mut self, digit: u8) -> Result<&Utterance, String> {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.cache.entry(digit) {
            let out = Command::new("espeak-ng")
                .args(["-v", "cmn", "-s", "110", "--stdout", &digit.to_string()])
                .output()
                .map_err(|e| format!("espeak-ng not found ({e}): run `cargo xtask setup`"))?;
            if !out.status.success() {
                return Err(format!("espeak-ng failed: {}", String::from_utf8_lossy(&out.stderr)));
            }
            let samples = parse_wav(&out.stdout)?;
            let loud = |s: &&f32| s.abs() > 0.02;
            let first = samples.iter().position(|s| loud(&s)).unwrap_or(0);
            let last = samples.iter().rposition(|s| loud(&s)).map_or(samples.len(), |i| i + 1);
            slot.insert(Utterance { samples: samples[first..last.max(first)].to_vec() });
        }
        Ok(&self.cache[&digit])
    }
}

/// A mono track starting at `start_ms` on the challenge clock.
#[derive(Clone, Debug)]
pub struct Track {
    pub start_ms: i32,
    pub samples: Vec<f32>,
}

impl Track {
    pub fn silent(start_ms: i32, end_ms: i32) -> Track {
        let len = ((end_ms - start_ms).max(0) as u64 * u64::from(RATE) / 1000) as usize;
        Track { start_ms, samples: vec![0.0; len] }
    }

    /// Mixes `utterance` in, starting at `at_ms`.
    pub fn place(&mut self, utterance: &Utterance, at_ms: i32) {
        let offset = ((at_ms - self.start_ms).max(0) as u64 * u64::from(RATE) / 1000) as usize;
        for (i, s) in utterance.samples.iter().enumerate() {
            if let Some(d) = self.samples.get_mut(offset + i) {
                *d = (*d + s).clamp(-1.0, 1.0);
            }
        }
    }

    /// RMS per `hop_ms`, thousandths of full scale: what the browser's envelope node reports.
    pub fn envelope(&self, hop_ms: u16) -> AudioEnvelope {
        let hop = (u32::from(hop_ms) * RATE / 1000) as usize;
        let rms = self
            .samples
            .chunks(hop.max(1))
            .map(|c| {
                let v = (c.iter().map(|s| s * s).sum::<f32>() / c.len() as f32).sqrt();
                (v * 1000.0).round().min(f32::from(u16::MAX)) as u16
            })
            .collect();
        AudioEnvelope { start_ms: self.start_ms, hop_ms, rms }
    }

    /// 16-bit PCM WAV, for Chromium's fake microphone.
    pub fn wav(&self) -> Vec<u8> {
        let data_len = (self.samples.len() * 2) as u32;
        let mut out = Vec::with_capacity(44 + data_len as usize);
        out.extend_from_slice(b"RIFF");
        out.extend_from_slice(&(36 + data_len).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&RATE.to_le_bytes());
        out.extend_from_slice(&(RATE * 2).to_le_bytes());
        out.extend_from_slice(&2u16.to_le_bytes());
        out.extend_from_slice(&16u16.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&data_len.to_le_bytes());
        for s in &self.samples {
            out.extend_from_slice(&((s * 32767.0).round() as i16).to_le_bytes());
        }
        out
    }
}

/// Mono 16-bit PCM WAV → samples in `[-1, 1]`.
pub fn parse_wav(bytes: &[u8]) -> Result<Vec<f32>, String> {
    let mut i = 12;
    while i + 8 <= bytes.len() {
        let id = &bytes[i..i + 4];
        let len = u32::from_le_bytes(bytes[i + 4..i + 8].try_into().map_err(|_| "wav chunk")?) as usize;
        if id == b"data" {
            let data = &bytes[i + 8..(i + 8 + len).min(bytes.len())];
            return Ok(data.chunks_exact(2).map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) / 32768.0).collect());
        }
        i += 8 + len;
    }
    Err("no data chunk in WAV".into())
}
