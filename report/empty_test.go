package report

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestXLSXEmptyTable: a table without rows says 暂无数据 on its sheet
// (a blank sheet would read as an export error).
func TestXLSXEmptyTable(t *testing.T) {
	doc := &Document{Product: Quarterly, Period: "2025Q3", Title: "2025年第三季度环境质量公报",
		Sections: []Section{{ID: "air", Title: "环境空气质量", Tables: []Table{{
			ID: "air_ranking", Title: "空气质量综合指数排名",
			Columns: []Column{{Key: "region", Header: "城市", Type: Text}, {Key: "pm25", Header: "PM2.5", Type: Decimal}},
			Notes:   []string{"注"},
		}}}}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, doc); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	v, err := f.GetCellValue("空气质量综合指数排名", "A3")
	if err != nil || v != "暂无数据 No data" {
		t.Fatalf("A3 = %q, %v", v, err)
	}
	if v, _ := f.GetCellValue("空气质量综合指数排名", "A6"); v != "注" {
		t.Errorf("notes start at A5: A6 = %q", v)
	}
}
