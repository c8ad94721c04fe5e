//! `wangban-lab pad [--quick] [--seeds <from>..<to>] [--bona-fide-only]`: the PAD evaluation table.
//! `wangban-lab facematch`: the face match's false match and non-match rates by threshold.
//! `wangban-lab sheet <out.png> [identity]`: a contact sheet of a synthesized reading, to look at.
//! `wangban-lab shapes <out.png> [identity]`: every digit's mouth shape held, tracked and measured.
//! `wangban-lab clips <dir>`: per-digit clips for the end-to-end tests' fake camera.
//! `wangban-lab seed <out.sql>`: the demo registry as SQL for D1, with the demo residents'
//! registry-photo embeddings and the seeded officer accounts.
//! `wangban-lab export <dir> [--seeds <from>..<to>]`: the lab's presentations as exported readings.
//! `wangban-lab readings <dir> [--keys <id:hex,…>]`: judges exported readings (a deployment's,
//! with its challenge keys; the lab's own key by default) and prints their table.

use std::process::ExitCode;
use std::time::Instant;

use wangban_lab::pad::{Handling, Species, evaluate, seated, table};
use wangban_lab::synth::MouthPose;
use wangban_lab::{faces, pipeline, raster, reading, speech};
use wangban_testdata::Image;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("pad") => pad_options(&args[1..]).and_then(pad),
        Some("sheet") => sheet(
            args.get(1).map_or("target/lab-sheet.png", String::as_str),
            args.get(2).map_or("astronaut", String::as_str),
        ),
        Some("shapes") => shapes(
            args.get(1).map_or("target/lab-shapes.png", String::as_str),
            args.get(2).map_or("astronaut", String::as_str),
        ),
        Some("facematch") => facematch(),
        Some("seed") => seed(args.get(1).map_or("build/registry.sql", String::as_str)),
        Some("export") => export(&args[1..]),
        Some("readings") => readings(&args[1..]),
        Some("clips") => wangban_lab::clips::generate(
            std::path::Path::new(args.get(1).map_or("target/fixtures/clips", String::as_str)),
            &["astronaut", "carphone"],
        ),
        _ => Err("usage: wangban-lab pad [--quick] [--seeds <from>..<to>] [--bona-fide-only] | facematch | sheet <out.png> [identity] | shapes <out.png> [identity] | seed <out.sql> | clips <dir> | export <dir> [--seeds a..b] | readings <dir> [--keys id:hex,…]".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Which presentations `pad` renders.
struct PadOptions {
    bona_fide_seeds: std::ops::Range<u64>,
    attack_seeds: std::ops::Range<u64>,
    /// Only the injection species (no bona fide, no presentation attacks).
    injections_only: bool,
    /// Attacks on the whole population too, not only on the four original identities.
    population_attacks: bool,
}

/// `--quick` (2 bona fide seeds, 1 attack seed), `--seeds <from>..<to>` (other challenges than
/// the usual 0..8 and 0..3, e.g. ones the verdict was not tuned on), `--bona-fide-only`,
/// `--injections-only`, `--population-attacks` (every attack on every identity, not only on the
/// four original ones: an hour and more).
fn pad_options(args: &[String]) -> Result<PadOptions, String> {
    let mut options =
        PadOptions { bona_fide_seeds: 0..8, attack_seeds: 0..3, injections_only: false, population_attacks: false };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => options = PadOptions { bona_fide_seeds: 0..2, attack_seeds: 0..1, ..options },
            "--seeds" => {
                let range = args.next().ok_or("--seeds needs <from>..<to>")?;
                let (from, to) = range.split_once("..").ok_or("--seeds needs <from>..<to>")?;
                let bound = |b: &str| b.parse::<u64>().map_err(|e| format!("--seeds {range}: {e}"));
                let seeds = bound(from)?..bound(to)?;
                options = PadOptions { bona_fide_seeds: seeds.clone(), attack_seeds: seeds, ..options };
            }
            "--bona-fide-only" => options.attack_seeds = 0..0,
            "--injections-only" => options.injections_only = true,
            "--population-attacks" => options.population_attacks = true,
            other => return Err(format!("pad: unknown option {other}")),
        }
    }
    Ok(options)
}

fn pad(options: PadOptions) -> Result<(), String> {
    let started = Instant::now();
    let mut vision = pipeline::vision();
    let mut voice = speech::Voice::default();
    let people = faces::everyone().iter().map(|id| seated(&mut vision, id)).collect::<Result<Vec<_>, _>>()?;
    let only = std::env::var("WANGBAN_LAB_IDS").unwrap_or_default();
    let presenting: Vec<&str> =
        people.iter().map(|p| p.name).filter(|n| only.is_empty() || only.split(',').any(|o| o == *n)).collect();
    let PadOptions { bona_fide_seeds, attack_seeds, injections_only, population_attacks } = options;
    // Every identity reads bona fide; the attacks, sixteen species each, are made of the four
    // original faces unless asked (the verdict's refusals do not depend on whose face it is).
    let original: Vec<&str> = faces::identities().iter().map(|i| i.name).collect();
    let attacked: Vec<&str> =
        presenting.iter().copied().filter(|n| population_attacks || original.contains(n)).collect();
    let bona_fide_seeds = if injections_only { 0..0 } else { bona_fide_seeds };
    let mut outcomes =
        evaluate(&people, &presenting, bona_fide_seeds, &[Species::BonaFide], &mut vision, &mut voice, report)?;
    let attacks: Vec<Species> = match injections_only {
        true => Species::INJECTIONS.to_vec(),
        false => Species::ATTACKS.into_iter().chain(Species::INJECTIONS).collect(),
    };
    if !attacked.is_empty() {
        outcomes.extend(evaluate(&people, &attacked, attack_seeds, &attacks, &mut vision, &mut voice, report)?);
    }
    println!("\n{}", table(&outcomes));
    println!("{}", wangban_lab::pad::per_identity(&outcomes));
    if let Some((median, p90)) = wangban_lab::pad::upload_kib(&outcomes) {
        println!("bona fide upload: median {median:.0} KiB, p90 {p90:.0} KiB");
    }
    // What the seated people did because the guidance asked.
    let who = |did: &dyn Fn(&wangban_lab::pad::Seated) -> Option<String>| -> Vec<String> {
        people.iter().filter(|p| presenting.contains(&p.name)).filter_map(did).collect()
    };
    for (what, names) in [
        (
            "turned towards the screen when the guidance asked (face_the_screen)",
            who(&|p| (p.turned_degrees > 0.0).then(|| format!("{} {}°", p.name, p.turned_degrees))),
        ),
        (
            "held the phone better when the guidance asked (center_face, move_closer, move_back)",
            who(&|p| p.reframed.then(|| p.name.to_string())),
        ),
        (
            "asked for a natural expression at rest (natural_expression), kept the photo's mouth",
            who(&|p| p.asked_to_relax.then(|| p.name.to_string())),
        ),
    ] {
        if !names.is_empty() {
            println!("{what}: {}", names.join(", "));
        }
    }
    println!(
        "identities: {}; {} presentations at {} fps in {:.0}s",
        presenting.join(", "),
        outcomes.len(),
        wangban_lab::pad::FPS,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn report(o: &wangban_lab::pad::Outcome) {
    let (verdict, keyframes) = match &o.handling {
        Handling::NotAcquired(advice) => {
            eprintln!("{:<28} {:<10} not acquired: guidance {}", o.species.name(), o.identity, advice.code());
            return;
        }
        Handling::Judged { verdict, keyframe_similarity, .. } => (verdict, keyframe_similarity),
    };
    let mut reasons: Vec<String> = verdict.reasons.iter().map(|r| r.code()).collect();
    if let Handling::Judged { core: Some(code), .. } = &o.handling {
        reasons.push(code.to_string());
    }
    if let Handling::Judged { antispoof: Some(score), .. } = &o.handling {
        reasons.push(format!("(anti-spoof {score})"));
    }
    let turned = if o.turned_degrees > 0.0 { format!(" (turned {}°)", o.turned_degrees) } else { String::new() };
    eprintln!(
        "{:<28} {:<10} {:<8} keyframes {:>5} {}",
        o.species.name(),
        o.identity.to_string() + &turned,
        if o.accepted() { "ACCEPTED" } else { "refused" },
        keyframes.map_or("-".into(), |s| s.to_string()),
        reasons.join(" ")
    );
    if o.species == Species::BonaFide && !verdict.passed {
        for d in &verdict.digits {
            eprintln!("    digit {} expected {:?} observed {:?} score {}", d.digit, d.expected, d.observed, d.score);
        }
    }
}

fn sheet(out: &str, name: &str) -> Result<(), String> {
    let mut vision = pipeline::vision();
    let mut voice = speech::Voice::default();
    let ids = faces::everyone();
    let chosen = ids.iter().position(|i| i.name == name).ok_or(format!("no identity {name}"))?;
    let reader = seated(&mut vision, &ids[chosen])?;
    let other = seated(&mut vision, &ids[(chosen + 1) % ids.len()])?;
    let p = wangban_lab::pad::present(Species::BonaFide, 0, &reader.face, &other.face, &mut voice)?;
    let crops: Vec<_> = p.frames.iter().step_by(2).map(|(_, f)| reader.face.portrait(f)).collect();
    std::fs::write(out, raster::png(&raster::contact_sheet(&crops, 10, 128))).map_err(|e| e.to_string())?;
    println!("{out}: {name} (turned {}° towards the screen) reading {:?}", reader.turned_degrees, p.plan.digits());
    Ok(())
}

/// Each digit's mouth shape (its final shape for diphthongs) held for half a second after a
/// neutral lead-in, as the tracker follows it; prints the mean measurements of the held frames
/// and writes the last held frame of each digit, neutral first, to a contact sheet.
fn shapes(out: &str, name: &str) -> Result<(), String> {
    const HOLD: usize = 8;
    let mut vision = pipeline::vision();
    let ids = faces::everyone();
    let id = ids.iter().find(|i| i.name == name).ok_or(format!("no identity {name}"))?;
    let reader = seated(&mut vision, id)?;
    let shown: Vec<(String, MouthPose)> = std::iter::once(("neutral".to_string(), MouthPose::default()))
        .chain((0..=9).map(|d| (d.to_string(), reading::shape(d, 0.9))))
        .collect();
    let poses: Vec<MouthPose> = shown.iter().map(|(_, pose)| *pose).collect();
    let held = reading::hold_shapes(&mut vision, &reader.face, &poses, HOLD, wangban_lab::pad::FPS);
    println!(
        "{name}, turned {}° towards the screen; means of the last {} held frames:",
        reader.turned_degrees,
        HOLD / 2
    );
    println!("shape    opening  aperture  width  roundness   yaw");
    for ((label, _), h) in shown.iter().zip(&held) {
        let m = &h.measured;
        println!("{label:<8} {:>7} {:>9} {:>6} {:>10} {:>5}", m.opening, m.aperture, m.width, m.roundness, m.yaw);
    }
    let crops: Vec<Image> = held.iter().map(|h| reader.face.portrait(&h.frame)).collect();
    std::fs::write(out, raster::png(&raster::contact_sheet(&crops, 11, 160))).map_err(|e| e.to_string())?;
    println!("{out}");
    Ok(())
}

/// Every identity seated, its live crops against every photo on file (docs/face-match.md).
fn facematch() -> Result<(), String> {
    use wangban_lab::facematch::{compare, enrol, people, report};
    let started = Instant::now();
    let mut vision = pipeline::vision();
    let ids = faces::everyone();
    let seated = ids.iter().map(|id| seated(&mut vision, id)).collect::<Result<Vec<_>, _>>()?;
    let enrolled = enrol(&mut vision, &seated);
    let scores = compare(&enrolled);
    println!(
        "{} photos of {} people; {} live crops in cases of 3; cases compared: {} with the same photo, {} with another photo of the person, {} impostor",
        enrolled.len(),
        people(&enrolled),
        enrolled.iter().map(|e| e.live.len()).sum::<usize>(),
        scores.same_photo.len(),
        scores.other_photo.len(),
        scores.impostor.len()
    );
    println!("\n{}", report(&scores));
    println!("in {:.0}s", started.elapsed().as_secs_f64());
    Ok(())
}

fn seed(out: &str) -> Result<(), String> {
    let sql = wangban_lab::seed::registry_sql()?;
    if let Some(dir) = std::path::Path::new(out).parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    std::fs::write(out, &sql).map_err(|e| e.to_string())?;
    println!("{out}: {} bytes", sql.len());
    Ok(())
}

/// The lab's presentations (bona fide and every attack species, astronaut and carphone) written
/// as a deployment would export them.
fn export(args: &[String]) -> Result<(), String> {
    use wangban_lab::pad::{ISSUED_AT_MS, present, submission};
    use wangban_lab::readings::{Exported, export};
    let dir = std::path::Path::new(args.first().ok_or("export needs a directory")?);
    let seeds = pad_options(&args[1..])?.attack_seeds;
    let mut vision = pipeline::vision();
    let mut voice = speech::Voice::default();
    let people: Vec<_> = faces::identities()
        .iter()
        .filter(|i| i.name == "astronaut" || i.name == "carphone")
        .map(|i| seated(&mut vision, i))
        .collect::<Result<_, _>>()?;
    let species = [Species::BonaFide].into_iter().chain(Species::ATTACKS).chain(Species::INJECTIONS);
    for s in seeds {
        for sp in species.clone() {
            for (i, person) in people.iter().enumerate() {
                let other = &people[(i + 1) % people.len()].face;
                let (body, _) = submission(&mut vision, &present(sp, s, &person.face, other, &mut voice)?, s)?;
                let label = if sp == Species::BonaFide { "bona_fide".to_string() } else { sp.name().replace(' ', "_") };
                let reading = Exported {
                    label,
                    received_at_ms: ISSUED_AT_MS + 1_000,
                    submission: serde_json::from_slice(&body).map_err(|e| e.to_string())?,
                };
                export(
                    dir,
                    &format!("{}-{}-{s}", person.name, sp.name().replace([' ', ':', ',', '\''], "_")),
                    &reading,
                )?;
            }
        }
    }
    Ok(())
}

/// Judges every reading in a directory with the edge's flow and prints the table.
fn readings(args: &[String]) -> Result<(), String> {
    let dir = std::path::Path::new(args.first().ok_or("readings needs a directory")?);
    let keyring = match args.get(1).map(String::as_str) {
        Some("--keys") => {
            wangban_attest::Keyring::parse(args.get(2).ok_or("--keys needs id:hex,…")?).map_err(|e| e.to_string())?
        }
        _ => wangban_attest::Keyring::new().with("lab", wangban_lab::pad::lab_server_key().public()),
    };
    let mut vision = pipeline::vision();
    let mut results = Vec::new();
    for (name, reading) in wangban_lab::readings::load(dir)? {
        let judged = wangban_lab::readings::judge(&mut vision, &name, &reading, &keyring)?;
        let reasons: Vec<String> = judged.verdict.reasons.iter().map(|r| r.code()).collect();
        eprintln!("{name:<60} {:<8} {}", if judged.verdict.passed { "ACCEPTED" } else { "refused" }, reasons.join(" "));
        results.push((reading.label, judged));
    }
    println!("\n{}", wangban_lab::readings::table(&results));
    Ok(())
}
