/**
 * The invariants the oracle checks, each with the safety rules it stands for.
 * An id names one way a rule can be broken, so that one search run can report
 * (and shrink) several distinct findings about the same rule.
 */

/** One invariant: what is checked and which rules it proves. */
export interface Invariant {
  rules: readonly string[];
  text: string;
}

export const INVARIANTS = {
  'SR-01.refuse': { rules: ['SR-01'], text: 'SET_DEPTH outside 250–2500 µm or off the 50 µm grid is refused' },
  'SR-02.refuse': { rules: ['SR-02'], text: 'a depth above the selected area\'s cap, or an area whose cap is below the setpoint, is refused' },
  'SR-02.no-area': { rules: ['SR-02'], text: 'the motor never runs without a selected treatment area' },
  'SR-03.refuse': { rules: ['SR-03'], text: 'a depth above the inserted cartridge\'s rated max is refused' },
  'ceiling': { rules: ['SR-02', 'SR-03'], text: 'the needle is never deeper than min(area cap, cartridge max, 2.5 mm) + 0.15 mm' },
  'SR-04.slew': { rules: ['SR-04'], text: 'the needle moves no faster than 1 mm/s while extended (retraction excepted)' },
  'SR-05.window': { rules: ['SR-05'], text: 'a needle off the slew-limited reference by > 0.15 mm faults within 50 ms' },
  'SR-05.masked': { rules: ['SR-05'], text: 'no host sequence keeps a needle off its reference unsupervised for 1 s' },
  'SR-06.refuse': { rules: ['SR-06'], text: 'SET_RATE outside 50–150 Hz is refused' },
  'SR-06.window': { rules: ['SR-06'], text: 'a stroke rate off the ramped reference by > 10 % faults within 200 ms' },
  'SR-06.masked': { rules: ['SR-06'], text: 'no host sequence keeps a stalled or overloaded motor unsupervised for 1 s' },
  'SR-07.cartridge': { rules: ['SR-07'], text: 'the motor never runs with a cartridge that is absent, unseated, unverified, forged, recalled or unsealed' },
  'SR-07.expired': { rules: ['SR-07'], text: 'START never runs a cartridge past its expiry date at that moment' },
  'SR-08.reuse': { rules: ['SR-08'], text: 'a cartridge that fired and was then removed (or powered off) never runs again' },
  'SR-08.nvm': { rules: ['SR-08'], text: 'a cartridge whose first fire cannot be recorded durably never runs' },
  'SR-09.spent': { rules: ['SR-09'], text: 'a cartridge removed after verification, or past 60 min needle-on, never runs again' },
  'SR-10.removed': { rules: ['SR-10'], text: 'removing or unseating the cartridge while running stops the motor at once' },
  'SR-11.lease': { rules: ['SR-11'], text: 'the motor stops 500 ms after the last well-formed host command' },
  'SR-11.early': { rules: ['SR-11'], text: 'the lease does not expire while well-formed host commands arrive' },
  'SR-12.contaminated': { rules: ['SR-12'], text: 'a cartridge with fluid past its membrane never runs again' },
  'SR-13.battery': { rules: ['SR-13'], text: 'START is refused below 10 % battery; below 3 % the motor stops' },
  'SR-13.temp': { rules: ['SR-13'], text: 'above 43 °C the motor stops' },
  'SR-14.latched': { rules: ['SR-14'], text: 'a latched fault is never left without an accepted CLEAR_FAULT (hazard faults survive power cycles)' },
  'SR-14.clear-present': { rules: ['SR-14'], text: 'CLEAR_FAULT is refused while a latched fault\'s condition is present' },
  'SR-14.selftest': { rules: ['SR-14'], text: 'the motor never runs during boot, nor after a failed self-test until it is cleared' },
  'SR-15.nak-changed': { rules: ['SR-15'], text: 'a NAKed command changes nothing' },
  'SR-15.replay': { rules: ['SR-15'], text: 'a retransmitted command is answered from memory, byte for byte, and not executed again' },
  'SR-15.answer': { rules: ['SR-15'], text: 'every decodable host command gets exactly one answer' },
  'SR-15.crash': { rules: ['SR-15'], text: 'no input makes the pen throw' },
  'SR-15.unprompted': { rules: ['SR-15'], text: 'the motor starts only in answer to a START' },
  'SR-16.stop': { rules: ['SR-16'], text: 'after any STOP the needle is retracted and the motor off within one stroke period' },
  'SR-17.locked': { rules: ['SR-17'], text: 'engineering commands are refused without an open session (closed by HELLO, link loss, idle, power)' },
  'SR-17.nonce': { rules: ['SR-17'], text: 'challenge nonces never repeat, not even between pens built alike' },
} as const satisfies Record<string, Invariant>;

/** The id of an invariant. */
export type InvariantId = keyof typeof INVARIANTS;

/** One observed breach of an invariant. */
export interface Violation {
  id: InvariantId;
  /** Pen time of the check that failed, ms. */
  t: number;
  /** What was seen, in plain words with numbers. */
  detail: string;
}
