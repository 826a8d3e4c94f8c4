package hj212

import "strconv"

// Return codes of a request answer (QnRtn, CN=9011).
const (
	QnRtnReady      = 1   // 准备执行请求
	QnRtnRejected   = 2   // 请求被拒绝
	QnRtnBadPW      = 3   // PW 错误
	QnRtnBadMN      = 4   // MN 错误
	QnRtnBadST      = 5   // ST 错误
	QnRtnBadFlag    = 6   // Flag 错误
	QnRtnBadQN      = 7   // QN 错误
	QnRtnBadCN      = 8   // CN 错误
	QnRtnBadCRC     = 9   // CRC 校验错误
	QnRtnUnknownErr = 100 // 未知错误
)

// Return codes of an execution result (ExeRtn, CN=9012).
const (
	ExeRtnOK      = 1   // 执行成功
	ExeRtnFailed  = 2   // 执行失败，但不知道原因
	ExeRtnBadCond = 3   // 命令请求条件错误
	ExeRtnTimeout = 4   // 通讯超时
	ExeRtnBusy    = 5   // 系统繁忙不能执行
	ExeRtnFault   = 6   // 系统故障
	ExeRtnNoData  = 100 // 没有数据
)

// Reply returns the reply to req with command code cn and the given CP
// parameters: ST=91 (system interaction), req's QN, PW and MN, and, if req
// carried a Flag, the same protocol version with bits A and D cleared.
func Reply(req *Message, cn string, params ...Param) Message {
	r := Message{QN: req.QN, ST: STSystem, CN: cn, PW: req.PW, MN: req.MN, Params: params}
	if req.HasFlag {
		r.Flag, r.HasFlag = req.Flag&^(FlagAnswer|FlagSubpacket), true
	}
	return r
}

// DataAnswer returns the data answer (CN=9014) a platform sends for an
// upload whose Flag asks for an answer (see [Message.NeedsAnswer]).
func DataAnswer(req *Message) Message { return Reply(req, CNDataAnswer) }

// NotifyAnswer returns the notification answer (CN=9013).
func NotifyAnswer(req *Message) Message { return Reply(req, CNNotifyAnswer) }

// RequestAnswer returns the request answer (CN=9011) with QnRtn=qnRtn; see
// the QnRtn* constants.
func RequestAnswer(req *Message, qnRtn int) Message {
	return Reply(req, CNRequestAnswer, Param{"QnRtn", strconv.Itoa(qnRtn)})
}

// ExecResult returns the execution result (CN=9012) with ExeRtn=exeRtn; see
// the ExeRtn* constants.
func ExecResult(req *Message, exeRtn int) Message {
	return Reply(req, CNExecResult, Param{"ExeRtn", strconv.Itoa(exeRtn)})
}
