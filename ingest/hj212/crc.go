package hj212

// crcTable[x] is the result of the eight shift/xor rounds of the HJ 212
// CRC applied to the 16-bit register value x (x < 256). Because each byte
// step starts with crc = (crc >> 8) ^ b, the register's high byte is always
// zero before the rounds, so one table lookup per byte is exact.
var crcTable = func() (t [256]uint16) {
	for i := range t {
		r := uint16(i)
		for range 8 {
			lsb := r & 1
			r >>= 1
			if lsb != 0 {
				r ^= 0xA001
			}
		}
		t[i] = r
	}
	return t
}()

// CRC16 returns the checksum HJ 212 (Appendix A of both the 2005 and 2017
// editions) requires over the data segment: register initialised to 0xFFFF,
// for each byte register = (register >> 8) XOR byte followed by eight
// right-shift rounds with polynomial 0xA001 (reflected 0x8005). Unlike
// CRC-16/MODBUS, the byte is XORed into the register shifted right by 8, so
// the two give different results.
//
// Verified against the example quoted from the 2017 standard at
// https://www.cnblogs.com/axin85/p/12002363.html (and copies at
// https://www.codeprj.com/zh/blog/7bc0701.html): the 101-byte data segment
// "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
// has CRC 1C80 (see TestCRCStandardExample).
func CRC16(data []byte) uint16 {
	r := uint16(0xFFFF)
	for _, b := range data {
		r = crcTable[byte(r>>8)^b]
	}
	return r
}

func crc16String(s string) uint16 {
	r := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		r = crcTable[byte(r>>8)^s[i]]
	}
	return r
}
