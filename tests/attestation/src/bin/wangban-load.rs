//! `wangban-load <applications> <concurrency>`: a bounded load generator for the running
//! Workers (`WANGBAN_URL`), driven by `cargo xtask bench submissions`.
//!
//! 1. Prepares `applications` real submissions: a session each, a synthesized reading recorded
//!    and signed like the browser does (the same resident, a unique idempotency key each), one
//!    the edge's judgment accepts when run natively (another challenge while it would not).
//! 2. Prints `fire`, then submits them from `concurrency` threads. A request that gets no HTTP
//!    answer (the runtime is being restarted) is retried with the same body until it gets one:
//!    the case if the lost request created it. An application whose challenge was consumed by a
//!    request that died before creating its case (409 `challenge_replayed`) does what a
//!    resident would: verifies again and submits with the same idempotency key.
//! 3. Counts: every application must end with exactly one case: `lost` and `duplicated` come
//!    from the officer API's case count before and after.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use wangban_decision::synthetic::DEMO_RESIDENTS;
use wangban_tests_attestation::*;

const SERVICE: &str = "house_purchase_settlement";

struct Application {
    idempotency_key: String,
    body: String,
}

fn prepare(n: usize, manifest: &str, run: u128) -> VecDeque<Application> {
    (0..n).map(|i| prepared(&format!("load-{run}-{i}"), i, manifest)).collect()
}

fn prepared(idempotency_key: &str, i: usize, manifest: &str) -> Application {
    let id = DEMO_RESIDENTS[0].id_number;
    // A load run measures accepted readings, so a refusal during it is a real disagreement.
    let (a, key) = accepted_reading(SERVICE, id, (i % 250) as u8, manifest);
    Application { idempotency_key: idempotency_key.into(), body: submission(SERVICE, id, a, idempotency_key, &key) }
}

/// Submits until an HTTP answer comes back; counts the attempts that got none.
fn submit(body: &str, ip: &str, unanswered: &AtomicUsize) -> Answer {
    let started = Instant::now();
    loop {
        match try_post("/api/v1/cases", body, ip, None) {
            Ok(a) => return a,
            Err(e) if started.elapsed() < Duration::from_secs(180) => {
                unanswered.fetch_add(1, Ordering::Relaxed);
                eprintln!("no answer ({e}); retrying");
                std::thread::sleep(Duration::from_millis(500));
            }
            Err(e) => panic!("the runtime did not come back: {e}"),
        }
    }
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let (n, concurrency) = (args.first().copied().unwrap_or(40), args.get(1).copied().unwrap_or(8));
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let manifest = manifest_sha256();
    let officer = officer_cookie();
    let before = case_count(&officer);

    let started = Instant::now();
    let queue = Mutex::new(prepare(n, &manifest, run));
    println!("prepared {n} submissions in {:.1} s", started.elapsed().as_secs_f64());
    println!("fire");
    let unanswered = AtomicUsize::new(0);
    let answers: Mutex<Vec<(String, u16, String)>> = Mutex::new(Vec::new());
    let fired = Instant::now();
    std::thread::scope(|s| {
        for t in 0..concurrency {
            let (queue, answers, unanswered) = (&queue, &answers, &unanswered);
            s.spawn(move || {
                // Oldest first: every challenge must be used within its lifetime.
                while let Some(app) = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front() {
                    let a = submit(&app.body, &format!("10.9.{t}.1"), unanswered);
                    answers.lock().unwrap_or_else(|e| e.into_inner()).push((
                        app.idempotency_key,
                        a.status,
                        a.code().to_string(),
                    ));
                }
            });
        }
    });
    let elapsed = fired.elapsed().as_secs_f64();
    let mut answers = answers.into_inner().unwrap_or_else(|e| e.into_inner());
    let accepted = answers.iter().filter(|(_, s, _)| *s == 201 || *s == 200).count();
    println!(
        "{n} submissions from {concurrency} threads in {elapsed:.1} s: {:.1} submissions/s; {accepted} accepted, \
         {} requests unanswered and retried",
        n as f64 / elapsed,
        unanswered.load(Ordering::Relaxed)
    );

    // Consumed challenges whose request died with the runtime: verify again, same key.
    let mut verified_again = 0;
    for (i, (key, status, code)) in answers.iter_mut().enumerate() {
        if *status == 409 && code == "challenge_replayed" {
            let again = prepared(key, 200 + i, &manifest);
            let a = submit(&again.body, "10.9.99.1", &AtomicUsize::new(0));
            (*status, *code) = (a.status, a.code().to_string());
            verified_again += 1;
        }
    }
    let failed: Vec<_> = answers.iter().filter(|(_, s, _)| *s != 201 && *s != 200).collect();
    let stored = case_count(&officer) - before;
    let lost = n.saturating_sub(stored as usize);
    let duplicated = (stored as usize).saturating_sub(n);
    println!(
        "after the run: {stored} new cases for {n} applications ({verified_again} verified again after a \
         consumed challenge): lost {lost}, duplicated {duplicated}, refused {}",
        failed.len()
    );
    if lost + duplicated + failed.len() > 0 {
        eprintln!("refused: {failed:?}");
        std::process::exit(1);
    }
}
