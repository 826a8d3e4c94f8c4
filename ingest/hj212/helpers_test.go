package hj212

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// frameStr frames a data segment for tests.
func frameStr(t testing.TB, seg string) []byte {
	t.Helper()
	b, err := Frame([]byte(seg))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// normalize makes messages comparable with reflect.DeepEqual: empty slices
// become nil and DataTime is compared as an instant.
func normalize(m Message) Message {
	if len(m.Pollutants) == 0 {
		m.Pollutants = nil
	} else {
		ps := make([]Pollutant, len(m.Pollutants))
		copy(ps, m.Pollutants)
		for i := range ps {
			if len(ps[i].Extra) == 0 {
				ps[i].Extra = nil
			}
		}
		m.Pollutants = ps
	}
	if len(m.Params) == 0 {
		m.Params = nil
	}
	if len(m.Extra) == 0 {
		m.Extra = nil
	}
	if m.DataTime.IsZero() {
		m.DataTime = time.Time{}
	} else {
		m.DataTime = m.DataTime.In(time.UTC)
	}
	return m
}

func msgEqual(a, b Message) bool { return reflect.DeepEqual(normalize(a), normalize(b)) }

func diffMsg(a, b Message) string {
	return fmt.Sprintf("\n got: %+v\nwant: %+v", normalize(a), normalize(b))
}

// genMessage returns a realistic message; i varies it.
func genMessage(i int) Message {
	t := time.Date(2026, 3, 1, 0, 0, 0, 0, CST).Add(time.Duration(i) * time.Hour)
	m := Message{
		QN:      t.Format("20060102150405") + fmt.Sprintf("%03d", i%1000),
		PW:      "123456",
		Flag:    Flag2017 | FlagAnswer,
		HasFlag: true,
	}
	switch i % 4 {
	case 0, 1:
		m.ST, m.MN = STWasteGas, "88888880000001"
		m.CN = [...]string{CNRealtime, CNHourly}[i%2]
		for j, code := range []string{"a21026", "a21002", "a34013", "a21005", "a19001", "a01011", "a01012", "a01013", "a01014", "a00000"} {
			v := float64(i%97) + float64(j)*1.25
			p := Pollutant{Code: code, Flag: DataNormal}
			if m.CN == CNRealtime {
				p.Rtd, p.ZsRtd = Val(v), Val(v*1.2)
			} else {
				p.Avg, p.Min, p.Max, p.ZsAvg, p.Cou = Val(v), Val(v-1), Val(v+1), Val(v*1.2), Val(v*3.6)
			}
			m.Pollutants = append(m.Pollutants, p)
		}
	default:
		m.ST, m.MN = STWasteWater, "88888880000002"
		m.CN = [...]string{CNMinute, CNDaily}[i%2]
		for j, code := range []string{"w01018", "w21003", "w21011", "w21001", "w01001", "w00000", "w01010"} {
			v := float64(i%89)/10 + float64(j)
			m.Pollutants = append(m.Pollutants, Pollutant{Code: code, Avg: Val(v), Min: Val(v - 0.5), Max: Val(v + 0.5), Cou: Val(v * 24), Flag: DataNormal})
		}
	}
	m.DataTime = t
	return m
}
