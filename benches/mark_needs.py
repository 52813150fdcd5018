"""Marks needs and offers on a big demo store through the command line, as
a user (or a script) would: `kith log '#ID' TEXT --need` / `--offer` for
random people, with texts drawn from 25 roles, 15 sectors and 20 skills, and
prints the median time of a call. For the README's Performance figures:

    kith --db big.db demo --people 100000 --notes 1000000
    python3 benches/mark_needs.py target/release/kith big.db 2500 2500
    hyperfine -N 'target/release/kith --db big.db today --json'
"""
import random, subprocess, sys, time, statistics
kith, db, n_needs, n_offers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
people = int(sys.argv[5]) if len(sys.argv) > 5 else 100000
rng = random.Random(14)
roles = ["seed investor", "angel investor", "Rust developer", "product designer", "product manager",
         "data engineer", "sales lead", "technical co-founder", "recruiter", "startup lawyer",
         "accountant", "mentor", "copywriter", "DevOps engineer", "machine learning engineer",
         "frontend developer", "mobile developer", "UX researcher", "marketing agency", "translator",
         "security auditor", "Postgres consultant", "hardware engineer", "grant writer", "photographer"]
quals = ["with hardware experience", "in Berlin", "for the health data spin-off", "for a climate startup",
         "who knows Postgres", "for a fintech app", "in Lisbon", "for the storage team",
         "with robotics experience", "for an edtech pilot", "in Amsterdam", "for the Series A",
         "who speaks Japanese", "for an open-source project", "for the mobility platform", ""]
sectors = ["hardware", "climate", "fintech", "health data", "robotics", "developer tools", "mobility",
           "energy", "edtech", "open-source", "security", "food", "logistics", "biotech", "gaming"]
skills = ["hiring Rust developers", "design reviews", "Postgres tuning", "fundraising decks",
          "sales in Germany", "product strategy", "Kubernetes on bare metal", "legal work for startups",
          "startup accounting", "UX research", "machine learning models", "mobile apps",
          "security audits", "grant applications", "translation into Japanese", "marketing launches",
          "hardware prototyping", "data pipelines", "recruiting engineers in Lisbon", "copywriting"]
def need():
    r, q = rng.choice(roles), rng.choice(quals)
    return rng.choice([f"looking for a {r} {q}", f"needs an intro to a {r} {q}",
                       f"hiring a {r} {q}", f"wants to meet a {r} {q}"]).strip()
def offer():
    return rng.choice([f"invests in {rng.choice(sectors)} and {rng.choice(sectors)} startups",
                       f"can help with {rng.choice(skills)}",
                       f"knows a lot about {rng.choice(skills)}",
                       f"works as a {rng.choice(roles)} {rng.choice(quals)}".strip(),
                       f"offers {rng.choice(skills)} for {rng.choice(sectors)} teams"])
jobs = [("--need", need()) for _ in range(n_needs)] + [("--offer", offer()) for _ in range(n_offers)]
rng.shuffle(jobs)
times = []
for i, (flag, text) in enumerate(jobs):
    who = f"#{rng.randint(1, people)}"
    t = time.perf_counter()
    p = subprocess.run([kith, "--db", db, "log", who, text, flag], capture_output=True, text=True)
    times.append(time.perf_counter() - t)
    if p.returncode != 0:
        print("failed:", who, text, p.stderr.strip(), file=sys.stderr)
    if i % 500 == 0:
        print(i, f"median {statistics.median(times)*1000:.0f} ms", flush=True)
times.sort()
print(f"{len(times)} calls: median {statistics.median(times)*1000:.1f} ms, p90 {times[int(len(times)*0.9)]*1000:.1f} ms, max {times[-1]*1000:.1f} ms")
