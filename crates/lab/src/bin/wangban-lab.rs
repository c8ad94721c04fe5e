//! `wangban-lab pad [--quick]`: the PAD evaluation table.
//! `wangban-lab sheet <out.png>`: a contact sheet of a synthesized reading, to look at.
//! `wangban-lab clips <dir>`: per-digit clips for the end-to-end tests' fake camera.
//! `wangban-lab seed <out.sql>`: the demo registry as SQL for D1, with the demo residents'
//! registry-photo embeddings and the seeded officer accounts.

use std::process::ExitCode;
use std::time::Instant;

use wangban_lab::pad::{Species, evaluate, table};
use wangban_lab::{faces, pipeline, raster, speech};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("pad") => pad(args.iter().any(|a| a == "--quick")),
        Some("sheet") => sheet(args.get(1).map_or("target/lab-sheet.png", String::as_str)),
        Some("seed") => seed(args.get(1).map_or("build/registry.sql", String::as_str)),
        Some("clips") => wangban_lab::clips::generate(
            std::path::Path::new(args.get(1).map_or("target/fixtures/clips", String::as_str)),
            &["astronaut", "carphone"],
        ),
        _ => Err("usage: wangban-lab pad [--quick] | sheet <out.png> | seed <out.sql>".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn pad(quick: bool) -> Result<(), String> {
    let started = Instant::now();
    let mut vision = pipeline::vision();
    let mut voice = speech::Voice::default();
    let only: Vec<String> =
        std::env::var("WANGBAN_LAB_IDS").map(|v| v.split(',').map(String::from).collect()).unwrap_or_default();
    let ids: Vec<_> =
        faces::identities().into_iter().filter(|i| only.is_empty() || only.iter().any(|o| o == i.name)).collect();
    let (bona_fide_seeds, attack_seeds) = if quick { (0..2, 0..1) } else { (0..8, 0..3) };
    let mut outcomes = evaluate(&ids, bona_fide_seeds, &[Species::BonaFide], &mut vision, &mut voice, report)?;
    outcomes.extend(evaluate(&ids, attack_seeds, &Species::ATTACKS, &mut vision, &mut voice, report)?);
    println!("\n{}", table(&outcomes));
    println!(
        "identities: {}; {} presentations at {} fps in {:.0}s",
        ids.iter().map(|i| i.name).collect::<Vec<_>>().join(", "),
        outcomes.len(),
        wangban_lab::pad::FPS,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn report(o: &wangban_lab::pad::Outcome) {
    let reasons: Vec<String> = o.verdict.reasons.iter().map(|r| r.code()).collect();
    eprintln!(
        "{:<28} {:<10} {:<8} keyframes {:>5} {}",
        o.species.name(),
        o.identity,
        if o.accepted { "ACCEPTED" } else { "refused" },
        o.keyframe_similarity.map_or("-".into(), |s| s.to_string()),
        reasons.join(" ")
    );
    if o.species == Species::BonaFide && !o.accepted {
        for d in &o.verdict.digits {
            eprintln!("    digit {} expected {:?} observed {:?} score {}", d.digit, d.expected, d.observed, d.score);
        }
    }
}

fn sheet(out: &str) -> Result<(), String> {
    let mut vision = pipeline::vision();
    let mut voice = speech::Voice::default();
    let ids = faces::identities();
    let face = wangban_lab::synth::TalkingFace::new(ids[0].still.clone(), &mut vision).ok_or("no face")?;
    let other = wangban_lab::synth::TalkingFace::new(ids[1].still.clone(), &mut vision).ok_or("no face")?;
    let p = wangban_lab::pad::present(Species::BonaFide, 0, &face, &other, &mut voice)?;
    let (w, h) = face.size();
    let crops: Vec<_> = p.frames.iter().step_by(2).map(|(_, f)| f.crop(w / 4, h / 8, w / 2, h / 2)).collect();
    std::fs::write(out, raster::png(&raster::contact_sheet(&crops, 10, 128))).map_err(|e| e.to_string())?;
    println!("{out}: digits {:?}", p.plan.digits());
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
