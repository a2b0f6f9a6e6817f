//! The synthetic citizens and organisations.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::SimRng;

/// How many fixed demo citizens stand at the start of every population.
pub const DEMO_COUNT: usize = 9;

/// The usual population size of the reference registry.
pub const DEFAULT_SIZE: usize = 300;

/// Largest population [`Population::generate`] makes: the RUN-body scheme
/// below keeps every body unique and under 50 million up to here.
pub const MAX_SIZE: usize = 900;

/// The fixed demo citizens, by position in every population. Their RUN bodies
/// are `44.000.0NN`: no person holds a RUN there (people reach about 27
/// million, companies start at 50 million), and they rise as the holders get
/// younger, as real RUNs are issued (the oldest, [`DECEASED`], is
/// 44.000.011-8; the youngest, [`UNDER_14`], 44.000.099-1).
pub mod demo {
    /// Adult, valid card, no ClaveÚnica yet: the first-issue flow.
    pub const FIRST_ISSUE: usize = 0;
    /// Adult with a key and a recovery e-mail, married to [`SPOUSE`]: recover,
    /// marriage certificate.
    pub const HAS_KEY: usize = 1;
    /// Twelve years old: refused a key (minimum age 14).
    pub const UNDER_14: usize = 2;
    /// Card expired last year.
    pub const EXPIRED_CARD: usize = 3;
    /// Card blocked (reported lost).
    pub const BLOCKED_CARD: usize = 4;
    /// Adult with a key, married to [`HAS_KEY`].
    pub const SPOUSE: usize = 5;
    /// Died two years ago: death certificates; the card is cancelled (blocked).
    pub const DECEASED: usize = 6;
    /// Adult with no key and a disability registration.
    pub const DISABILITY: usize = 7;
    /// Turned 14 ten days ago: just old enough for a key.
    pub const JUST_14: usize = 8;
}

/// State of a person's identity card in the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardState {
    Valid,
    Expired,
    /// Reported lost or stolen, or cancelled (e.g. on death).
    Blocked,
}

impl CardState {
    pub fn as_str(self) -> &'static str {
        match self {
            CardState::Valid => "valid",
            CardState::Expired => "expired",
            CardState::Blocked => "blocked",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    /// The MRZ letter.
    pub fn letter(self) -> char {
        match self {
            Sex::Female => 'F',
            Sex::Male => 'M',
        }
    }
}

/// The person's identity card.
#[derive(Clone, PartialEq, Eq)]
pub struct Card {
    /// Document number ("serial"): 9 characters, digits, or letters and digits
    /// on newer cards.
    pub serial: String,
    pub issued: NaiveDate,
    pub expiry: NaiveDate,
    pub state: CardState,
}

/// A marriage or civil union: who with and since when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Union {
    /// Index of the partner in the population.
    pub partner: usize,
    pub since: NaiveDate,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Death {
    pub date: NaiveDate,
    pub cause: String,
}

/// One synthetic citizen.
#[derive(Clone, PartialEq)]
pub struct Citizen {
    /// Position in the population.
    pub index: usize,
    pub run_body: u32,
    pub given_names: String,
    pub father_surname: String,
    pub mother_surname: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    /// Comuna where the birth was registered.
    pub birth_comuna: String,
    pub father_name: String,
    pub mother_name: String,
    pub card: Card,
    /// Holds a ClaveÚnica already.
    pub has_key: bool,
    /// Recovery e-mail (present exactly when `has_key`).
    pub recovery_email: Option<String>,
    pub deceased: Option<Death>,
    pub marriage: Option<Union>,
    pub civil_union: Option<Union>,
    /// In the Registro Nacional de la Discapacidad.
    pub disability_registered: bool,
}

// Synthetic, but still a person's record in shape: keep it out of logs.
impl fmt::Debug for Citizen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Citizen")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Card {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Card")
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Death {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Death { .. }")
    }
}

impl Citizen {
    /// The check digit of the RUN.
    pub fn run_dv(&self) -> char {
        run_check_digit(self.run_body)
    }

    /// `12345678-5` form.
    pub fn run_text(&self) -> String {
        format!("{}-{}", self.run_body, self.run_dv())
    }

    /// "Surnames" as printed: father's then mother's.
    pub fn surnames(&self) -> String {
        format!("{} {}", self.father_surname, self.mother_surname)
    }

    /// Full name, given names first.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_names, self.surnames())
    }

    /// What the person's card carries, for the scanner emulator and the
    /// demo (encode it with `totem_document::encode_qr` / `encode_mrz` /
    /// `encode_pdf417`). Chilean card (`CEDULA`, `CHL`).
    pub fn card_data(&self) -> totem_document::CardData {
        totem_document::CardData {
            run: totem_document::Run::from_body(self.run_body),
            document_number: self.card.serial.clone(),
            document_type: "CEDULA".into(),
            birth_date: self.birth_date,
            expiry_date: self.card.expiry,
            sex: match self.sex {
                Sex::Female => totem_document::Sex::Female,
                Sex::Male => totem_document::Sex::Male,
            },
            nationality: "CHL".into(),
            surnames: self.surnames(),
            given_names: self.given_names.clone(),
        }
    }

    /// Age in whole years on `today`.
    pub fn age_on(&self, today: NaiveDate) -> u32 {
        age_on(self.birth_date, today)
    }
}

/// Age in whole years of someone born on `birth` on the day `today`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Modulo-11 check digit of a RUN body (DOMAIN.md).
pub fn run_check_digit(body: u32) -> char {
    let mut sum = 0u32;
    let mut n = body;
    let mut weight = 2;
    while n > 0 {
        sum += (n % 10) * weight;
        n /= 10;
        weight = if weight == 7 { 2 } else { weight + 1 };
    }
    match 11 - sum % 11 {
        11 => '0',
        10 => 'K',
        d => char::from(b'0' + d as u8),
    }
}

/// A non-profit legal entity (for the "personas jurídicas" certificates).
#[derive(Clone, PartialEq)]
pub struct Organization {
    pub rut_body: u32,
    /// Its number in the Registro Nacional de Personas Jurídicas sin Fines
    /// de Lucro (the other way a citizen names it at the kiosk).
    pub registration: u32,
    pub name: String,
    pub registered: NaiveDate,
    /// Indices of its board members in the population.
    pub board: Vec<usize>,
}

impl fmt::Debug for Organization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Organization")
            .field("rut_body", &self.rut_body)
            .field("registration", &self.registration)
            .field("name", &self.name)
            .finish()
    }
}

/// The whole synthetic registry: citizens and organisations.
#[derive(Debug, Clone)]
pub struct Population {
    pub today: NaiveDate,
    pub citizens: Vec<Citizen>,
    pub organizations: Vec<Organization>,
}

const GIVEN_F: &[&str] = &[
    "María José",
    "Sofía",
    "Valentina",
    "Inés",
    "Constanza",
    "Ignacia",
    "Verónica",
    "Mónica",
    "Catalina",
    "Fernanda",
    "Josefa",
    "Antonia",
    "Belén",
    "Ximena",
    "Raquel",
    "Leonor",
    "Amanda",
    "Rocío",
    "Millaray",
    "Ayelén",
];
const GIVEN_M: &[&str] = &[
    "José",
    "Martín",
    "Benjamín",
    "Matías",
    "Agustín",
    "Tomás",
    "Andrés",
    "Raúl",
    "Héctor",
    "Óscar",
    "Joaquín",
    "Nicolás",
    "Sebastián",
    "Cristóbal",
    "Vicente",
    "Ramón",
    "Julián",
    "Germán",
    "Rubén",
    "Lautaro",
];
const SURNAMES: &[&str] = &[
    "Muñoz",
    "González",
    "Rodríguez",
    "Pérez",
    "Núñez",
    "Fernández",
    "Martínez",
    "Sánchez",
    "Gómez",
    "López",
    "Díaz",
    "Hernández",
    "Álvarez",
    "Ibáñez",
    "Vásquez",
    "Rojas",
    "Soto",
    "Contreras",
    "Silva",
    "Araya",
    "Espinoza",
    "Valdés",
    "Cortés",
    "Peña",
    "Fuentealba",
    "Yáñez",
    "Henríquez",
    "Quiñones",
    "Catrileo",
    "Saavedra",
];
const COMUNAS: &[&str] = &[
    "Santiago",
    "Valparaíso",
    "Concepción",
    "Temuco",
    "Ñuñoa",
    "Peñalolén",
    "Chillán",
    "Curicó",
    "Puerto Montt",
    "Copiapó",
    "Los Ángeles",
    "Viña del Mar",
    "Maipú",
    "La Florida",
];
const CAUSES: &[&str] = &[
    "Insuficiencia cardíaca",
    "Neumonía",
    "Accidente cerebrovascular",
    "Causas naturales",
];
const ORGS: &[&str] = &[
    "Junta de Vecinos Villa Las Araucarias",
    "Club Deportivo Ñandú",
    "Fundación Pehuén",
    "Centro Cultural Los Copihues",
];

fn pick<'a>(rng: &mut SimRng, list: &[&'a str]) -> &'a str {
    list[rng.below(list.len() as u64) as usize]
}

fn days(n: u64) -> Days {
    Days::new(n)
}

/// `today` minus `years` years and `extra` days (clamped at the calendar's start).
fn years_ago(today: NaiveDate, years: u32, extra: u64) -> NaiveDate {
    today
        .checked_sub_months(Months::new(years * 12))
        .and_then(|d| d.checked_sub_days(days(extra)))
        .unwrap_or(NaiveDate::MIN)
}

/// Lower-case ASCII of a name for an e-mail local part.
fn ascii_fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'Á' => 'a',
                'é' | 'É' => 'e',
                'í' | 'Í' => 'i',
                'ó' | 'Ó' => 'o',
                'ú' | 'Ú' | 'ü' => 'u',
                'ñ' | 'Ñ' => 'n',
                ' ' => '.',
                c => c.to_ascii_lowercase(),
            };
            c.is_ascii_alphanumeric()
                .then_some(c)
                .or((c == '.').then_some('.'))
        })
        .collect()
}

struct DemoSpec {
    run_body: u32,
    given: &'static str,
    father: &'static str,
    mother: &'static str,
    sex: Sex,
    age: u32,
    /// Days past the last birthday.
    past_birthday: u64,
    state: CardState,
    has_key: bool,
}

const DEMOS: [DemoSpec; DEMO_COUNT] = [
    DemoSpec {
        run_body: 44_000_066,
        given: "José Ignacio",
        father: "Muñoz",
        mother: "Pérez",
        sex: Sex::Male,
        age: 34,
        past_birthday: 100,
        state: CardState::Valid,
        has_key: false,
    },
    DemoSpec {
        run_body: 44_000_055,
        given: "María José",
        father: "González",
        mother: "Núñez",
        sex: Sex::Female,
        age: 41,
        past_birthday: 200,
        state: CardState::Valid,
        has_key: true,
    },
    DemoSpec {
        run_body: 44_000_099,
        given: "Tomás",
        father: "Rojas",
        mother: "Ibáñez",
        sex: Sex::Male,
        age: 12,
        past_birthday: 40,
        state: CardState::Valid,
        has_key: false,
    },
    DemoSpec {
        run_body: 44_000_022,
        given: "Inés",
        father: "Fernández",
        mother: "Soto",
        sex: Sex::Female,
        age: 58,
        past_birthday: 300,
        state: CardState::Expired,
        has_key: true,
    },
    DemoSpec {
        run_body: 44_000_033,
        given: "Raúl",
        father: "Vásquez",
        mother: "Yáñez",
        sex: Sex::Male,
        age: 47,
        past_birthday: 10,
        state: CardState::Blocked,
        has_key: true,
    },
    DemoSpec {
        run_body: 44_000_044,
        given: "Andrés",
        father: "Peña",
        mother: "Contreras",
        sex: Sex::Male,
        age: 43,
        past_birthday: 150,
        state: CardState::Valid,
        has_key: true,
    },
    DemoSpec {
        run_body: 44_000_011,
        given: "Héctor",
        father: "Álvarez",
        mother: "Cortés",
        sex: Sex::Male,
        age: 83,
        past_birthday: 20,
        state: CardState::Blocked,
        has_key: false,
    },
    DemoSpec {
        run_body: 44_000_077,
        given: "Sofía",
        father: "Martínez",
        mother: "Henríquez",
        sex: Sex::Female,
        age: 29,
        past_birthday: 60,
        state: CardState::Valid,
        has_key: false,
    },
    DemoSpec {
        run_body: 44_000_088,
        given: "Matías",
        father: "López",
        mother: "Araya",
        sex: Sex::Male,
        age: 14,
        past_birthday: 10,
        state: CardState::Valid,
        has_key: false,
    },
];

impl Population {
    /// The population of `size` citizens (at least the demo ones, at most
    /// [`MAX_SIZE`]) for `seed`, as of `today`. Same arguments, same people.
    pub fn generate(seed: u64, today: NaiveDate, size: usize) -> Population {
        let size = size.clamp(DEMO_COUNT, MAX_SIZE);
        let mut rng = SimRng::new(seed);
        let mut citizens = Vec::with_capacity(size);
        for index in 0..size {
            let citizen = if index < DEMO_COUNT {
                demo_citizen(index, today, &mut rng)
            } else {
                random_citizen(index, today, &mut rng)
            };
            citizens.push(citizen);
        }
        // RUNs are issued in order of birth: the generated bodies go out
        // again, the smallest to the oldest, so that no RUN contradicts its
        // holder's age (the demo block is written in that order too).
        let mut bodies: Vec<u32> = citizens[DEMO_COUNT..].iter().map(|c| c.run_body).collect();
        bodies.sort_unstable();
        let mut by_birth: Vec<usize> = (DEMO_COUNT..size).collect();
        by_birth.sort_by_key(|&i| (citizens[i].birth_date, i));
        for (i, body) in by_birth.into_iter().zip(bodies) {
            citizens[i].run_body = body;
        }
        // Demo unions and deaths, fixed.
        let since = years_ago(today, 12, 31);
        citizens[demo::HAS_KEY].marriage = Some(Union {
            partner: demo::SPOUSE,
            since,
        });
        citizens[demo::SPOUSE].marriage = Some(Union {
            partner: demo::HAS_KEY,
            since,
        });
        citizens[demo::DECEASED].deceased = Some(Death {
            date: years_ago(today, 2, 0),
            cause: CAUSES[0].to_string(),
        });
        citizens[demo::DISABILITY].disability_registered = true;

        // Random unions among adults past the demo block: neighbours pair up.
        let mut i = DEMO_COUNT;
        while i + 1 < size {
            let (a, b) = (i, i + 1);
            let adults = citizens[a].age_on(today) >= 20 && citizens[b].age_on(today) >= 20;
            let roll = rng.below(100);
            if adults && roll < 40 {
                let since = years_ago(today, 1 + rng.below(15) as u32, rng.below(365));
                let union_of = |partner| Some(Union { partner, since });
                if roll < 35 {
                    citizens[a].marriage = union_of(b);
                    citizens[b].marriage = union_of(a);
                } else {
                    citizens[a].civil_union = union_of(b);
                    citizens[b].civil_union = union_of(a);
                }
                i += 2;
            } else {
                i += 1;
            }
        }

        let adults: Vec<usize> = (DEMO_COUNT..size)
            .filter(|&i| citizens[i].age_on(today) >= 18 && citizens[i].deceased.is_none())
            .collect();
        let organizations = ORGS
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let board = if adults.is_empty() {
                    vec![demo::HAS_KEY]
                } else {
                    (0..3)
                        .map(|_| adults[rng.below(adults.len() as u64) as usize])
                        .collect()
                };
                Organization {
                    rut_body: 65_000_001 + k as u32 * 1_111,
                    registration: 10_001 + k as u32 * 101,
                    name: (*name).to_string(),
                    registered: years_ago(today, 3 + k as u32 * 4, rng.below(365)),
                    board,
                }
            })
            .collect();
        Population {
            today,
            citizens,
            organizations,
        }
    }

    /// The usual reference population: [`DEFAULT_SIZE`] citizens from seed 1.
    pub fn reference(today: NaiveDate) -> Population {
        Population::generate(1, today, DEFAULT_SIZE)
    }

    pub fn by_run(&self, run_body: u32) -> Option<&Citizen> {
        self.citizens.iter().find(|c| c.run_body == run_body)
    }

    pub fn demo(&self, position: usize) -> &Citizen {
        &self.citizens[position.min(DEMO_COUNT - 1)]
    }
}

fn card(rng: &mut SimRng, today: NaiveDate, state: CardState) -> Card {
    let serial = if rng.below(2) == 0 {
        format!("{:09}", 100_000_000 + rng.below(400_000_000))
    } else {
        let letter = char::from(b'A' + rng.below(3) as u8);
        let mid = char::from(b'A' + rng.below(26) as u8);
        format!("{letter}{}{mid}{:06}", rng.below(10), rng.below(1_000_000))
    };
    let expiry = match state {
        CardState::Expired => today
            .checked_sub_days(days(30 + rng.below(1_000)))
            .unwrap_or(today),
        _ => today
            .checked_add_days(days(30 + rng.below(3_600)))
            .unwrap_or(today),
    };
    let issued = expiry
        .checked_sub_months(Months::new(120))
        .unwrap_or(expiry);
    Card {
        serial,
        issued,
        expiry,
        state,
    }
}

fn parents(rng: &mut SimRng, father_surname: &str, mother_surname: &str) -> (String, String) {
    let father = format!(
        "{} {} {}",
        pick(rng, GIVEN_M),
        father_surname,
        pick(rng, SURNAMES)
    );
    let mother = format!(
        "{} {} {}",
        pick(rng, GIVEN_F),
        mother_surname,
        pick(rng, SURNAMES)
    );
    (father, mother)
}

fn email(given: &str, father: &str, index: usize) -> String {
    let first = given.split(' ').next().unwrap_or(given);
    format!(
        "{}.{}.{index}@correo.example",
        ascii_fold(first),
        ascii_fold(father)
    )
}

fn demo_citizen(index: usize, today: NaiveDate, rng: &mut SimRng) -> Citizen {
    let d = &DEMOS[index];
    let (father_name, mother_name) = parents(rng, d.father, d.mother);
    let mut card = card(rng, today, d.state);
    if index == demo::EXPIRED_CARD {
        card.expiry = years_ago(today, 1, 0);
        card.issued = years_ago(today, 11, 0);
    }
    Citizen {
        index,
        run_body: d.run_body,
        given_names: d.given.to_string(),
        father_surname: d.father.to_string(),
        mother_surname: d.mother.to_string(),
        sex: d.sex,
        birth_date: years_ago(today, d.age, d.past_birthday),
        birth_comuna: COMUNAS[index % COMUNAS.len()].to_string(),
        father_name,
        mother_name,
        card,
        has_key: d.has_key,
        recovery_email: d.has_key.then(|| email(d.given, d.father, index)),
        deceased: None,
        marriage: None,
        civil_union: None,
        disability_registered: false,
    }
}

fn random_citizen(index: usize, today: NaiveDate, rng: &mut SimRng) -> Citizen {
    let sex = if rng.below(2) == 0 {
        Sex::Female
    } else {
        Sex::Male
    };
    let given = match sex {
        Sex::Female => pick(rng, GIVEN_F),
        Sex::Male => pick(rng, GIVEN_M),
    };
    let father = pick(rng, SURNAMES);
    let mother = pick(rng, SURNAMES);
    let age = if rng.below(10) == 0 {
        rng.below(14) as u32
    } else {
        14 + rng.below(80) as u32
    };
    let birth_date = years_ago(today, age, rng.below(365));
    let deceased = (age >= 40 && rng.below(20) == 0).then(|| Death {
        date: today
            .checked_sub_days(days(10 + rng.below(3_000)))
            .unwrap_or(today),
        cause: pick(rng, CAUSES).to_string(),
    });
    let state = if deceased.is_some() {
        CardState::Blocked
    } else {
        match rng.below(100) {
            0..80 => CardState::Valid,
            80..92 => CardState::Expired,
            _ => CardState::Blocked,
        }
    };
    let has_key = age >= 14 && deceased.is_none() && rng.below(100) < 55;
    let (father_name, mother_name) = parents(rng, father, mother);
    // Obviously synthetic: 45.000.000–49.999.999 is a range no person holds
    // (people reach about 27 million; companies start at 50 million).
    let run_body = 45_000_000 + index as u32 * 5_003 + rng.below(5_003) as u32;
    Citizen {
        index,
        run_body,
        given_names: given.to_string(),
        father_surname: father.to_string(),
        mother_surname: mother.to_string(),
        sex,
        birth_date,
        birth_comuna: pick(rng, COMUNAS).to_string(),
        father_name,
        mother_name,
        card: card(rng, today, state),
        has_key,
        recovery_email: has_key.then(|| email(given, father, index)),
        deceased,
        marriage: None,
        civil_union: None,
        disability_registered: rng.below(25) == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn runs_rise_as_holders_get_younger_in_each_block_and_no_person_holds_them() {
        let p = Population::generate(7, today(), MAX_SIZE);
        let (demos, generated) = p.citizens.split_at(DEMO_COUNT);
        for block in [demos, generated] {
            for a in block {
                for b in block {
                    if a.birth_date < b.birth_date {
                        assert!(a.run_body < b.run_body, "{a:?} older than {b:?}");
                    }
                }
            }
        }
        for c in demos {
            assert!((44_000_001..=44_000_099).contains(&c.run_body), "{c:?}");
        }
        for c in generated {
            assert!((45_000_000..50_000_000).contains(&c.run_body), "{c:?}");
        }
    }

    #[test]
    fn same_seed_same_people_and_runs_are_unique() {
        let a = Population::generate(7, today(), 300);
        let b = Population::generate(7, today(), 300);
        assert_eq!(a.citizens, b.citizens);
        let runs: HashSet<u32> = a.citizens.iter().map(|c| c.run_body).collect();
        assert_eq!(runs.len(), 300);
        let c = Population::generate(8, today(), 300);
        assert_ne!(a.citizens[DEMO_COUNT..], c.citizens[DEMO_COUNT..]);
    }

    #[test]
    fn demo_citizens_are_what_the_docs_say() {
        let p = Population::reference(today());
        let t = today();
        let first = p.demo(demo::FIRST_ISSUE);
        assert_eq!(first.run_text(), "44000066-5");
        assert!(!first.has_key && first.age_on(t) >= 14 && first.card.state == CardState::Valid);
        let key = p.demo(demo::HAS_KEY);
        assert!(key.has_key && key.recovery_email.is_some());
        assert_eq!(key.marriage.map(|m| m.partner), Some(demo::SPOUSE));
        assert!(p.demo(demo::UNDER_14).age_on(t) < 14);
        assert_eq!(p.demo(demo::EXPIRED_CARD).card.state, CardState::Expired);
        assert!(p.demo(demo::EXPIRED_CARD).card.expiry < t);
        assert_eq!(p.demo(demo::BLOCKED_CARD).card.state, CardState::Blocked);
        assert!(p.demo(demo::DECEASED).deceased.is_some());
        assert!(p.demo(demo::DISABILITY).disability_registered);
        assert_eq!(p.demo(demo::JUST_14).age_on(t), 14);
    }

    #[test]
    fn the_population_has_every_kind_of_person() {
        let p = Population::reference(today());
        let t = today();
        let rest = &p.citizens[DEMO_COUNT..];
        assert!(rest.iter().any(|c| c.age_on(t) < 14));
        assert!(rest.iter().any(|c| c.card.state == CardState::Expired));
        assert!(rest.iter().any(|c| c.card.state == CardState::Blocked));
        assert!(rest.iter().any(|c| c.has_key) && rest.iter().any(|c| !c.has_key));
        assert!(rest.iter().any(|c| c.deceased.is_some()));
        assert!(rest.iter().any(|c| c.marriage.is_some()));
        assert!(rest.iter().any(|c| c.civil_union.is_some()));
        assert!(rest.iter().any(|c| c
            .full_name()
            .contains(['á', 'é', 'í', 'ó', 'ú', 'ñ', 'Á', 'Ñ'])));
        for c in &p.citizens {
            assert_eq!(c.has_key, c.recovery_email.is_some());
            assert!(!c.has_key || c.age_on(t) >= 14);
            if let Some(m) = c.marriage {
                assert_eq!(
                    p.citizens[m.partner].marriage.map(|m| m.partner),
                    Some(c.index)
                );
            }
            if let Some(e) = &c.recovery_email {
                assert!(e.is_ascii() && e.ends_with("@correo.example"));
            }
        }
    }

    #[test]
    fn every_card_encodes_and_decodes_back_to_its_holder() {
        use totem_document::{decode_scan_at, encode_mrz, encode_qr, QrHost};
        let p = Population::reference(today());
        for c in &p.citizens {
            let data = c.card_data();
            assert_eq!(data.run.body(), c.run_body);
            let qr = decode_scan_at(&encode_qr(&data, QrHost::New), today()).unwrap();
            assert_eq!(qr.run.body(), c.run_body);
            assert_eq!(qr.document_number.as_deref(), Some(c.card.serial.as_str()));
            let mrz = decode_scan_at(&encode_mrz(&data), today()).unwrap();
            assert_eq!(mrz.run.body(), c.run_body);
            assert!(mrz.birth_date.is_some_and(|b| b.admits(c.birth_date)));
        }
    }

    #[test]
    fn check_digits_match_the_domain_example() {
        assert_eq!(run_check_digit(12_345_678), '5');
        assert_eq!(run_check_digit(11_111_111), '1');
    }

    #[test]
    fn age_counts_whole_years() {
        let birth = NaiveDate::from_ymd_opt(2012, 11, 26).unwrap();
        assert_eq!(age_on(birth, today()), 13);
        assert_eq!(age_on(birth, today().succ_opt().unwrap()), 14);
    }
}
