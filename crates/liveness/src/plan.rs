//! The challenge plan: which digits to read, in which order, on which cadence.
//!
//! The server draws a 32-byte seed; the plan is a pure function of it, so the browser (which
//! shows the prompts) and the server (which checks the evidence against them) derive the very
//! same plan. Digits are drawn so that every plan mixes the three mouth-shape classes: a mouth
//! that merely opens and closes cannot match a sequence of spread, open and rounded shapes.

use serde::{Deserialize, Serialize};

/// The dominant visual mouth shape of a Mandarin digit (see docs/architecture.md's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Viseme {
    /// Lips wide, teeth close: 零 líng, 一 yī, 四 sì, 七 qī.
    Spread,
    /// Jaw drops, mouth opens wide: 二 èr, 三 sān, 八 bā.
    Open,
    /// Lips narrow and pushed forward: 五 wǔ, 六 liù, 九 jiǔ.
    Rounded,
}

impl Viseme {
    /// The three visemes, in declaration order.
    pub const ALL: [Viseme; 3] = [Viseme::Spread, Viseme::Open, Viseme::Rounded];

    /// The viseme of Mandarin digit `digit` (0–9); `None` for anything else.
    pub fn of_digit(digit: u8) -> Option<Viseme> {
        match digit {
            0 | 1 | 4 | 7 => Some(Viseme::Spread),
            2 | 3 | 8 => Some(Viseme::Open),
            5 | 6 | 9 => Some(Viseme::Rounded),
            _ => None,
        }
    }

    fn digits(self) -> &'static [u8] {
        match self {
            Viseme::Spread => &[0, 1, 4, 7],
            Viseme::Open => &[2, 3, 8],
            Viseme::Rounded => &[5, 6, 9],
        }
    }
}

/// One digit on screen: shown at `start_ms` after the first prompt, for `duration_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    /// The digit shown, 0–9.
    pub digit: u8,
    /// When it appears, ms after the first prompt appeared.
    pub start_ms: u32,
    /// How long it stays on screen, ms.
    pub duration_ms: u32,
}

impl Prompt {
    /// When it disappears, ms after the first prompt appeared.
    pub fn end_ms(&self) -> u32 {
        self.start_ms + self.duration_ms
    }
}

/// What the resident is asked to read, derived from the challenge seed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengePlan {
    /// The digits in reading order, back to back.
    pub prompts: Vec<Prompt>,
}

/// Fewest digits in a plan.
pub const MIN_DIGITS: usize = 4;
/// Most digits in a plan.
pub const MAX_DIGITS: usize = 6;
/// Each prompt lasts 800–1500 ms, jittered per digit so the cadence cannot be pre-recorded and a
/// voice recorded for another challenge drifts off this one within a digit or two.
const PROMPT_MIN_MS: u32 = 800;
const PROMPT_JITTER_MS: u32 = 700;

impl ChallengePlan {
    /// The plan for a seed. Deterministic; every plan has 4–6 digits, all three visemes, and
    /// no digit twice in a row.
    pub fn from_seed(seed: &[u8; 32]) -> ChallengePlan {
        let mut rng = SeedStream::new(seed);
        let count = MIN_DIGITS + rng.below((MAX_DIGITS - MIN_DIGITS + 1) as u32) as usize;
        // One slot per class, the rest any class, shuffled; then each slot takes a digit of its
        // class that differs from the previous one (every class has at least three digits).
        let mut classes: Vec<Viseme> = Viseme::ALL.to_vec();
        while classes.len() < count {
            classes.push(Viseme::ALL[rng.below(3) as usize]);
        }
        for i in (1..classes.len()).rev() {
            classes.swap(i, rng.below(i as u32 + 1) as usize);
        }
        let mut digits: Vec<u8> = Vec::with_capacity(count);
        for class in classes {
            let choices: Vec<u8> = class.digits().iter().copied().filter(|d| digits.last() != Some(d)).collect();
            digits.push(choices[rng.below(choices.len() as u32) as usize]);
        }
        let mut start_ms = 0;
        let prompts = digits
            .into_iter()
            .map(|digit| {
                let duration_ms = PROMPT_MIN_MS + rng.below(PROMPT_JITTER_MS + 1);
                let p = Prompt { digit, start_ms, duration_ms };
                start_ms += duration_ms;
                p
            })
            .collect();
        ChallengePlan { prompts }
    }

    /// The digits in reading order.
    pub fn digits(&self) -> Vec<u8> {
        self.prompts.iter().map(|p| p.digit).collect()
    }

    /// When the last prompt disappears, in ms after the first appeared.
    pub fn total_ms(&self) -> u32 {
        self.prompts.last().map_or(0, Prompt::end_ms)
    }
}

/// A deterministic stream of numbers from the seed (SplitMix64 over the seed's four words).
/// Not a CSPRNG and not meant to be: the unpredictability is the server's 256-bit seed; this only
/// has to expand it identically on every platform, with integer arithmetic only.
struct SeedStream {
    state: u64,
    extra: [u64; 4],
    index: usize,
}

impl SeedStream {
    fn new(seed: &[u8; 32]) -> Self {
        let mut extra = [0u64; 4];
        for (w, chunk) in extra.iter_mut().zip(seed.chunks_exact(8)) {
            *w = u64::from_le_bytes(chunk.try_into().expect("8-byte chunk"));
        }
        Self {
            state: extra[0] ^ extra[1].rotate_left(17) ^ extra[2].rotate_left(31) ^ extra[3].rotate_left(47),
            extra,
            index: 0,
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15 ^ self.extra[self.index % 4]);
        self.index += 1;
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (rejection sampling, no modulo bias). `n` must be > 0.
    fn below(&mut self, n: u32) -> u32 {
        let n = u64::from(n.max(1));
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let v = self.next();
            if v < zone {
                return (v % n) as u32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(i: u32) -> [u8; 32] {
        let mut s = [0u8; 32];
        s[..4].copy_from_slice(&i.to_le_bytes());
        s[31] = (i * 7) as u8;
        s
    }

    #[test]
    fn every_plan_mixes_visemes_and_never_repeats_a_digit_in_a_row() {
        for i in 0..5000 {
            let plan = ChallengePlan::from_seed(&seed(i));
            let digits = plan.digits();
            assert!((MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()));
            for v in Viseme::ALL {
                assert!(digits.iter().any(|d| Viseme::of_digit(*d) == Some(v)), "{digits:?} lacks {v:?}");
            }
            assert!(digits.windows(2).all(|w| w[0] != w[1]), "{digits:?}");
            for w in plan.prompts.windows(2) {
                assert_eq!(w[0].end_ms(), w[1].start_ms);
            }
            assert!(plan.prompts.iter().all(|p| (800..=1500).contains(&p.duration_ms)));
        }
    }

    #[test]
    fn plans_are_deterministic_and_vary_with_the_seed() {
        assert_eq!(ChallengePlan::from_seed(&seed(1)), ChallengePlan::from_seed(&seed(1)));
        let distinct: std::collections::HashSet<Vec<u8>> =
            (0..200).map(|i| ChallengePlan::from_seed(&seed(i)).digits()).collect();
        assert!(distinct.len() > 190, "only {} distinct digit strings", distinct.len());
        // Pinned vector: the browser and the Worker must derive exactly this plan.
        let plan = ChallengePlan::from_seed(&[7u8; 32]);
        assert_eq!(plan, ChallengePlan::from_seed(&[7u8; 32]));
        assert_pinned(&plan);
    }

    /// Pins one plan so a change to the derivation (which would break deployed clients) is seen.
    fn assert_pinned(plan: &ChallengePlan) {
        let rendered: Vec<String> =
            plan.prompts.iter().map(|p| format!("{}@{}+{}", p.digit, p.start_ms, p.duration_ms)).collect();
        assert_eq!(rendered.join(" "), PINNED_PLAN_FOR_SEED_7, "plan derivation changed");
    }

    const PINNED_PLAN_FOR_SEED_7: &str = "1@0+912 0@912+1384 5@2296+1208 8@3504+1422";

    #[test]
    fn digit_classes_cover_all_ten_digits() {
        for d in 0..10 {
            assert!(Viseme::of_digit(d).is_some());
        }
        assert_eq!(Viseme::of_digit(10), None);
    }
}
