// What rotation of a database secret needs and leaves: the agency (ShowAgency, CreateAgency) and
// the FunctionGraph templates (ShowSecretFunctionTemplates), answered from the document's examples
// (x-mock-examples), and the task a rotation leaves (RotateSecret of an RDS-FG secret, then
// ListSecretTask by secret, by task id and by status); their documented 400s as typed errors.
package main

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/csms/v1/model"
)

// An SDK enum holding any text: the SDK's enums take any string through UnmarshalJSON, which is
// how a value outside the enum reaches the service (and its 400).
func enumOf[T any](value string) T {
	var t T
	if err := json.Unmarshal([]byte(strconv.Quote(value)), &t); err != nil {
		panic(err)
	}
	return t
}

func (s *suite) rotationSetup() {
	r, err := s.client.ShowAgency(&model.ShowAgencyRequest{SecretType: model.GetShowAgencyRequestSecretTypeEnum().RDS_FG})
	if !callFailed("ShowAgency(RDS-FG)", err) {
		s.expectExample("ShowAgency(RDS-FG)", "ShowAgency", r)
	}
	_, err = s.client.ShowAgency(&model.ShowAgencyRequest{SecretType: enumOf[model.ShowAgencyRequestSecretType]("COMMON")})
	s.refusedAs(err, "ShowAgency", "InvalidParameter", "(COMMON), a type that does not rotate")

	c, err := s.client.CreateAgency(&model.CreateAgencyRequest{Body: &model.CreateAgencyRequestBody{SecretType: model.GetCreateAgencyRequestBodySecretTypeEnum().RDS_FG}})
	if !callFailed("CreateAgency(RDS-FG)", err) {
		s.expectExample("CreateAgency(RDS-FG)", "CreateAgency", c)
	}
	_, err = s.client.CreateAgency(&model.CreateAgencyRequest{Body: &model.CreateAgencyRequestBody{SecretType: enumOf[model.CreateAgencyRequestBodySecretType]("COMMON")}})
	s.refusedAs(err, "CreateAgency", "MalformedBody", "(COMMON), a type that does not rotate")

	t, err := s.client.ShowSecretFunctionTemplates(&model.ShowSecretFunctionTemplatesRequest{
		SecretType:    model.GetShowSecretFunctionTemplatesRequestSecretTypeEnum().RDS_FG,
		SecretSubType: model.GetShowSecretFunctionTemplatesRequestSecretSubTypeEnum().SINGLE_USER,
		Engine:        ptr(model.GetShowSecretFunctionTemplatesRequestEngineEnum().MYSQL)})
	if !callFailed("ShowSecretFunctionTemplates(RDS-FG, SingleUser, mysql)", err) {
		s.expectExample("ShowSecretFunctionTemplates(RDS-FG, SingleUser, mysql)", "ShowSecretFunctionTemplates", t)
	}
	_, err = s.client.ShowSecretFunctionTemplates(&model.ShowSecretFunctionTemplatesRequest{
		SecretType:    model.GetShowSecretFunctionTemplatesRequestSecretTypeEnum().RDS_FG,
		SecretSubType: model.GetShowSecretFunctionTemplatesRequestSecretSubTypeEnum().SINGLE_USER,
		Engine:        ptr(enumOf[model.ShowSecretFunctionTemplatesRequestEngine]("oracle"))})
	s.refusedAs(err, "ShowSecretFunctionTemplates", "InvalidParameter", "(RDS-FG, SingleUser, oracle), an engine not offered")
	s.rotationTasks()
}

// RotateSecret of an RDS-FG secret names a task; ListSecretTask finds it by the secret, by its id,
// and not among the FAILED ones.
func (s *suite) rotationTasks() {
	name := s.name("tasked")
	defer s.cleanup(name)
	value := fmt.Sprintf(`{"username":"app","password":%q}`, textValue())
	config := `{"InstanceId":"` + s.runID + `in02","SecretSubType":"SingleUser"}`
	_, err := s.client.CreateSecret(&model.CreateSecretRequest{Body: &model.CreateSecretRequestBody{Name: name, SecretString: &value,
		SecretType: ptr(model.GetCreateSecretRequestBodySecretTypeEnum().RDS_FG), RotationConfig: &config}})
	if callFailed(fmt.Sprintf("CreateSecret(%s, RDS-FG) for the task checks", name), err) {
		return
	}
	label := fmt.Sprintf("RotateSecret(%s) of an RDS-FG secret: a rotation_task_id", name)
	r, err := s.client.RotateSecret(&model.RotateSecretRequest{SecretName: name})
	if callFailed(label, err) || !check(deref(r.RotationTaskId) != "", label, "rotation_task_id is absent") {
		return
	}
	task := *r.RotationTaskId
	s.expectTasks(fmt.Sprintf("secret_name %s", name), &model.ListSecretTaskRequest{SecretName: &name}, name, []string{task})
	s.expectTasks("task_id of the rotation", &model.ListSecretTaskRequest{TaskId: &task}, name, []string{task})
	failed := model.GetListSecretTaskRequestStatusEnum().FAILED
	s.expectTasks(fmt.Sprintf("secret_name %s, status FAILED", name), &model.ListSecretTaskRequest{SecretName: &name, Status: &failed}, name, []string{})

	_, err = s.client.ListSecretTask(&model.ListSecretTaskRequest{TaskId: &task, SecretName: &name})
	s.refusedAs(err, "ListSecretTask", "TaskIdCombined", "with task_id and secret_name")
	_, err = s.client.ListSecretTask(&model.ListSecretTaskRequest{Limit: ptr(int32(0))})
	s.refusedAs(err, "ListSecretTask", "InvalidLimit", "with limit 0")
	s.remove(name)
}

// ListSecretTask(query) lists exactly these tasks, of the secret, each SUCCESS (the rotation was answered 200).
func (s *suite) expectTasks(how string, req *model.ListSecretTaskRequest, secret string, want []string) {
	label := fmt.Sprintf("ListSecretTask(%s): tasks %v", how, want)
	r, err := s.client.ListSecretTask(req)
	if callFailed(label, err) {
		return
	}
	var d diffs
	ids := []string{}
	for _, t := range deref(r.Tasks) {
		ids = append(ids, deref(t.TaskId))
		d.eq(deref(t.TaskId)+" secret_name", t.SecretName, &secret)
		d.eq(deref(t.TaskId)+" task_status", t.TaskStatus, str("SUCCESS"))
	}
	d.eq("task ids", ids, want)
	d.eq("total", r.Total, ptr(int32(len(want))))
	check(len(d) == 0, label, d.String())
}
