package io.campusedge.hub.internal.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OneRoster 1.2 CSV sets: what is kept of them, and every kind of bad file with its line. */
class OneRosterCsvTest {

  @Test
  void keepsTheSchoolsClassesAndPeopleAndOnlyTheFieldsAttendanceNeeds() {
    OneRosterCsv.Result result =
        OneRosterCsv.read(SchoolFixture.SITE, SchoolFixture.bytes(SchoolFixture.files()));

    Roster roster = result.roster();
    assertThat(roster.classes())
        .extracting(Roster.SchoolClass::sourcedId)
        .containsExactly("10A1", "10A2");
    assertThat(roster.classes().get(0).courseTitle()).contains("Toán 10");
    assertThat(roster.people())
        .extracting(Roster.Person::sourcedId)
        .containsExactlyInAnyOrder("s1", "s2", "s3", "s4", "t1");
    Roster.Person an =
        roster.people().stream().filter(p -> p.sourcedId().equals("s1")).findFirst().orElseThrow();
    assertThat(an.learnerId()).contains("001209000001");
    assertThat(an.role()).isEqualTo("student");
    // No field of Person holds the e-mail, phone or password of the file.
    assertThat(an.toString()).doesNotContain("example.edu.vn", "0900000001", "secret");
    assertThat(roster.enrollments()).hasSize(5);
    assertThat(result.skippedOtherSchools()).isEqualTo(2);
    assertThat(result.ignoredFiles()).containsExactly("demographics.csv");
  }

  @Test
  void readsOneRoster11SetsWithRoleInUsersCsv() {
    Map<String, String> files = SchoolFixture.files();
    files.remove("roles.csv");
    files.put(
        "users.csv",
        """
        sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
        s1,,,true,o1,student,an,,An,Nguyễn,,001,,,,,10,
        s2,,,true,o1,student,binh,,Bình,Trần,,002,,,,,10,
        s3,,,true,o1,student,chi,,Chi,Lê,,003,,,,,10,
        s4,,,true,o1,student,dung,,Dũng,Phạm,,004,,,,,10,
        t1,,,true,o1,teacher,co.lan,,Lan,Hoàng,,,,,,,,
        x9,,,true,o2,student,x,,X,Y,,,,,,,,
        """);

    Roster roster = OneRosterCsv.read(SchoolFixture.SITE, SchoolFixture.bytes(files)).roster();

    assertThat(roster.people()).hasSize(5);
  }

  @Test
  void everyProblemIsReportedWithItsFileAndLineAndNothingIsReturned() {
    Map<String, String> files = SchoolFixture.files();
    files.put(
        "enrollments.csv",
        """
        sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
        e1,,,10A1,o1,s1,student,false,,
        e2,,,10A9,o1,s2,student,false,,
        e3,,,10A1,o1,nobody,student,false,,
        e4,,,10A1,o1,s1,student,false,,
        e5,,,10A1,o1,s3,pupil,false,,
        e6,,,10A1,o1,t1,teacher,true,2026-13-01,
        """);
    files.put(
        "academicSessions.csv",
        """
        sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
        y2026,,,Năm học,schoolYear,2026-09-05,2027-05-31,,2027
        hk1,,,Học kỳ I,semester,2027-01-15,2026-09-05,y2026,2027
        hk1,,,again,semester,2026-09-05,2027-01-15,y2026,2027
        """);

    assertThatThrownBy(() -> OneRosterCsv.read(SchoolFixture.SITE, SchoolFixture.bytes(files)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ImportProblem::toString)
                    .contains(
                        "academicSessions.csv:3: endDate 2026-09-05 is before startDate 2027-01-15",
                        "enrollments.csv:3: classSourcedId '10A9' is not in classes.csv",
                        "enrollments.csv:4: userSourcedId 'nobody' is not in users.csv",
                        "enrollments.csv:5: user 's1' is already enrolled in class '10A1' on line 2",
                        "enrollments.csv:7: beginDate '2026-13-01' is not a date like 2026-09-05")
                    .anyMatch(p -> p.startsWith("enrollments.csv:6: role 'pupil' is not one of")));
  }

  @Test
  void aMissingFileAMissingColumnAndARaggedRowAreProblems() {
    Map<String, String> files = SchoolFixture.files();
    files.remove("enrollments.csv");
    assertThatThrownBy(() -> OneRosterCsv.read(SchoolFixture.SITE, SchoolFixture.bytes(files)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ImportProblem::toString)
                    .containsExactly("enrollments.csv: is missing from the file set"));

    Map<String, String> noColumn = SchoolFixture.files();
    noColumn.put("classes.csv", "sourcedId,title\n10A1,Lớp 10A1\n");
    noColumn.put("users.csv", noColumn.get("users.csv") + "s5,,,true,x,,\"unterminated,Y\n");
    assertThatThrownBy(() -> OneRosterCsv.read(SchoolFixture.SITE, SchoolFixture.bytes(noColumn)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ImportProblem::toString)
                    .anyMatch(p -> p.startsWith("users.csv: is not valid CSV"))
                    .contains(
                        "classes.csv:1: the header has no column courseSourcedId, schoolSourcedId"));
  }

  @Test
  void deltaFilesAndASetWithoutThisSchoolAreRefused() {
    Map<String, String> delta = SchoolFixture.files();
    delta.put("manifest.csv", "propertyName,value\noneroster.version,1.2\nfile.users,delta\n");
    assertThatThrownBy(() -> OneRosterCsv.read(SchoolFixture.SITE, SchoolFixture.bytes(delta)))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems().get(0).toString())
                    .startsWith("manifest.csv:3: file.users is a delta file"));

    assertThatThrownBy(
            () -> OneRosterCsv.read("THPT-NONE", SchoolFixture.bytes(SchoolFixture.files())))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ImportProblem::toString)
                    .containsExactly(
                        "orgs.csv: has no org of type school with identifier 'THPT-NONE' (the school"
                            + " code at the hub)"));
  }

  @Test
  void notUtf8IsAProblemNotAGarbledName() {
    Map<String, byte[]> files = SchoolFixture.bytes(SchoolFixture.files());
    files.put("users.csv", new byte[] {'s', 'o', (byte) 0xC3, (byte) 0x28, '\n'});

    assertThatThrownBy(() -> OneRosterCsv.read(SchoolFixture.SITE, files))
        .isInstanceOfSatisfying(
            RejectedException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ImportProblem::toString)
                    .containsExactly("users.csv: is not UTF-8 text; save it as CSV UTF-8"));
  }

  @Test
  void listCellsSplitOnCommas() {
    assertThat(OneRosterCsv.list("hk1, hk2,,")).isEqualTo(List.of("hk1", "hk2"));
  }
}
