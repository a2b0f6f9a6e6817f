//! The R30x packet codec on arbitrary bytes: the streaming decoder, fed in
//! arbitrary pieces, never panics, never loops, and every packet it yields
//! is well-formed (re-encodes to bytes that decode to the same packet);
//! commands, acknowledgements and system parameters parse without panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totem_device::fingerprint::codec::{Ack, Command, Packet, PacketDecoder, SystemParameters};

fuzz_target!(|data: &[u8]| {
    // The first byte picks the piece size, as a serial port splits reads.
    let (piece, bytes) = match data.split_first() {
        Some((&p, rest)) => (usize::from(p % 64) + 1, rest),
        None => return,
    };
    let mut decoder = PacketDecoder::new();
    let mut yielded = 0usize;
    for chunk in bytes.chunks(piece) {
        decoder.push(chunk);
        while let Some(packet) = decoder.next_packet() {
            yielded += 1;
            let encoded = packet.encode().expect("a decoded packet re-encodes");
            let (again, used) = Packet::decode(&encoded).expect("and decodes again");
            assert_eq!(used, encoded.len());
            assert_eq!(again, packet);
            if let Ok(command) = Command::from_payload(&packet.payload) {
                assert_eq!(command.to_payload(), packet.payload);
            }
            if let Some(ack) = Ack::from_packet(&packet) {
                let _ = SystemParameters::parse(&ack.data);
            }
        }
    }
    // Each packet takes at least 11 bytes of input.
    assert!(yielded <= bytes.len() / 11);
    assert!(decoder.pending() <= bytes.len());
    let _ = Packet::decode(bytes);
});
