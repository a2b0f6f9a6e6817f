//! The protocol's tests: datasheet bytes, round trips, and garbage that
//! must never panic nor hide a packet.

use super::*;
use proptest::prelude::*;

#[test]
fn gen_img_matches_the_datasheet_bytes() {
    let bytes = Command::GenImg.to_packet(DEFAULT_ADDRESS).encode().unwrap();
    assert_eq!(
        bytes,
        [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x03, 0x01, 0x00, 0x05]
    );
}

#[test]
fn vfy_pwd_with_the_default_password_matches_the_datasheet_bytes() {
    let bytes = Command::VfyPwd { password: 0 }
        .to_packet(DEFAULT_ADDRESS)
        .encode()
        .unwrap();
    assert_eq!(
        bytes,
        [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x07, 0x13, 0, 0, 0, 0, 0x00, 0x1B]
    );
}

#[test]
fn a_flipped_bit_is_caught_by_the_checksum() {
    let mut bytes = Ack::new(Confirmation::Ok, vec![])
        .to_packet(DEFAULT_ADDRESS)
        .encode()
        .unwrap();
    bytes[9] ^= 0x02;
    assert!(matches!(
        Packet::decode(&bytes),
        Err(DecodeError::BadChecksum { .. })
    ));
}

#[test]
fn unknown_codes_are_kept() {
    assert_eq!(Confirmation::from_code(0x77), Confirmation::Unknown(0x77));
    assert_eq!(Confirmation::Unknown(0x77).code(), 0x77);
    let cmd = Command::from_payload(&[0x42, 1, 2]).unwrap();
    assert_eq!(cmd.to_payload(), vec![0x42, 1, 2]);
    // A known instruction with parameters of the wrong length is kept as is.
    let cmd = Command::from_payload(&[0x02]).unwrap();
    assert!(matches!(cmd, Command::Other { code: 0x02, .. }));
}

#[test]
fn every_confirmation_code_round_trips() {
    for code in 0..=255u8 {
        assert_eq!(Confirmation::from_code(code).code(), code);
        assert_eq!(Instruction::from_code(code).code(), code);
        assert_eq!(PacketKind::from_id(code).id(), code);
    }
}

#[test]
fn system_parameters_round_trip_and_name_the_packet_size_and_baud() {
    let params = SystemParameters {
        status: 0,
        system_id: 0x0009,
        library_size: 200,
        security_level: 3,
        address: DEFAULT_ADDRESS,
        packet_size_code: 2,
        baud_factor: 6,
    };
    let parsed = SystemParameters::parse(&params.to_bytes()).unwrap();
    assert_eq!(parsed, params);
    assert_eq!(parsed.packet_size(), Some(128));
    assert_eq!(parsed.baud(), 57_600);
    assert!(SystemParameters::parse(&[0; 5]).is_err());
}

#[test]
fn an_image_splits_into_end_marked_data_packets() {
    let image = vec![0x5A; IMAGE_BYTES];
    let packets = data_packets(DEFAULT_ADDRESS, &image, 128);
    assert_eq!(packets.len(), IMAGE_BYTES / 128);
    assert!(packets[..packets.len() - 1]
        .iter()
        .all(|p| p.kind == PacketKind::Data));
    assert_eq!(packets.last().unwrap().kind, PacketKind::EndData);
    let wire: usize = packets.iter().map(Packet::wire_len).sum();
    assert_eq!(wire, data_wire_len(IMAGE_BYTES, 128));
}

#[test]
fn the_debug_of_a_password_command_does_not_show_it() {
    let text = format!(
        "{:?}",
        Command::VfyPwd {
            password: 0x1234_5678
        }
    );
    assert!(!text.contains("305419896") && !text.contains("12345678"));
}

fn any_kind() -> impl Strategy<Value = PacketKind> {
    any::<u8>().prop_map(PacketKind::from_id)
}

fn any_packet() -> impl Strategy<Value = Packet> {
    (
        any::<u32>(),
        any_kind(),
        proptest::collection::vec(any::<u8>(), 0..=MAX_PAYLOAD),
    )
        .prop_map(|(a, k, p)| Packet::new(a, k, p))
}

proptest! {
    #[test]
    fn encode_then_decode_gives_the_packet_back(packet in any_packet()) {
        let bytes = packet.encode().unwrap();
        let (decoded, used) = Packet::decode(&bytes).unwrap();
        prop_assert_eq!(used, bytes.len());
        prop_assert_eq!(decoded, packet);
    }

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Packet::decode(&bytes);
        let mut decoder = PacketDecoder::new();
        decoder.push(&bytes);
        while decoder.next_packet().is_some() {}
        if let Some(packet) = Packet::decode(&bytes).ok().map(|(p, _)| p) {
            let _ = Command::from_payload(&packet.payload);
            let _ = Ack::from_packet(&packet);
        }
        let _ = Command::from_payload(&bytes);
        let _ = SystemParameters::parse(&bytes);
    }

    #[test]
    fn garbage_then_a_packet_still_yields_the_packet(
        garbage in proptest::collection::vec(any::<u8>(), 0..600),
        packet in any_packet(),
        split in any::<usize>(),
    ) {
        let mut stream = garbage.clone();
        packet.encode_into(&mut stream).unwrap();
        // Fed in two pieces cut anywhere, as a serial port would.
        let cut = split % (stream.len() + 1);
        let mut decoder = PacketDecoder::new();
        decoder.push(&stream[..cut]);
        let mut got = Vec::new();
        while let Some(p) = decoder.next_packet() { got.push(p); }
        decoder.push(&stream[cut..]);
        while let Some(p) = decoder.next_packet() { got.push(p); }
        // Garbage may by chance frame a packet of its own, but the real
        // one is always the last thing decoded.
        prop_assert_eq!(got.last(), Some(&packet));
    }

    #[test]
    fn command_payloads_round_trip(payload in proptest::collection::vec(any::<u8>(), 1..16)) {
        let cmd = Command::from_payload(&payload).unwrap();
        prop_assert_eq!(cmd.to_payload(), payload);
    }
}
