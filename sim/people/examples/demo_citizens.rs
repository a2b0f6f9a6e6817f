//! Prints the fixed demo citizens as a Markdown table (docs/registry.md).
//! `cargo run -p totem-sim-people --example demo_citizens`

use totem_sim_people::{Population, DEMO_COUNT};

fn main() {
    let today = chrono::Utc::now().date_naive();
    let p = Population::reference(today);
    println!("| # | RUN | name | age | card serial | card | key | notes |");
    println!("|---:|---|---|---:|---|---|---|---|");
    for c in &p.citizens[..DEMO_COUNT] {
        let mut notes = Vec::new();
        if let Some(m) = c.marriage {
            notes.push(format!("married to #{}", m.partner));
        }
        if c.deceased.is_some() {
            notes.push("deceased".to_string());
        }
        if c.disability_registered {
            notes.push("disability registry".to_string());
        }
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            c.index,
            totem_document::Run::from_body(c.run_body),
            c.full_name(),
            c.age_on(today),
            c.card.serial,
            c.card.state.as_str(),
            if c.has_key { "yes" } else { "no" },
            notes.join(", ")
        );
    }
}
