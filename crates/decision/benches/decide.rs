//! Decisions per second on the demo registry: registry read (memory) + rules + decision, for a
//! mix of services and residents.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use wangban_decision::catalogue::Catalogue;
use wangban_decision::platform::PLATFORM_CITY;
use wangban_decision::registry::MemoryRegistry;
use wangban_decision::synthetic::demo_registry;
use wangban_decision::{FaceMatch, IdNumber, decide, registry::assemble};

fn decisions(c: &mut Criterion) {
    let registry = MemoryRegistry::new(demo_registry());
    let catalogue = Catalogue::builtin();
    let ids: Vec<IdNumber> =
        registry.dataset().residents.iter().step_by(37).filter_map(|r| IdNumber::parse(&r.id_number).ok()).collect();
    let mut group = c.benchmark_group("decision");
    group.throughput(Throughput::Elements(1));
    let mut i = 0usize;
    group.bench_function("read facts + evaluate rules + decide", |b| {
        b.iter(|| {
            let id = &ids[i % ids.len()];
            let service = &catalogue.services[i % catalogue.services.len()];
            i += 1;
            let facts = assemble(registry.rows_now(id, &service.facts), id, "2026-11-26");
            decide(service, &facts, None, FaceMatch::Match, PLATFORM_CITY, "2026-11-26")
        })
    });
    group.finish();
}

criterion_group!(benches, decisions);
criterion_main!(benches);
