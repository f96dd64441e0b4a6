package io.campusedge.hub.internal.attendance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A small OneRoster 1.2 bulk set for school THPT-T: class 10A1 (students s1-s3, teacher t1 with
 * login co.lan), class 10A2 (student s4) and, in the same district file, a class of another school.
 */
public final class SchoolFixture {
  public static final String SITE = "THPT-T";

  private SchoolFixture() {}

  public static Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "manifest.csv",
        """
        propertyName,value
        manifest.version,1.0
        oneroster.version,1.2
        file.orgs,bulk
        file.users,bulk
        file.enrollments,bulk
        """);
    files.put(
        "orgs.csv",
        """
        sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
        d1,,,Sở GD&ĐT Thử nghiệm,district,,
        o1,,,THPT Thử nghiệm,school,THPT-T,d1
        o2,,,THPT Khác,school,THPT-X,d1
        """);
    files.put(
        "academicSessions.csv",
        """
        sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
        y2026,,,Năm học 2026-2027,schoolYear,2026-09-05,2027-05-31,,2027
        hk1,,,Học kỳ I,semester,2026-09-05,2027-01-15,y2026,2027
        """);
    files.put(
        "courses.csv",
        """
        sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes
        c-math,,,y2026,Toán 10,TOAN10,10,o1,,
        """);
    files.put(
        "classes.csv",
        """
        sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
        10A1,,,Lớp 10A1 - Toán,10,c-math,10A1-T,scheduled,,o1,hk1,,,
        10A2,,,Lớp 10A2 - Toán,10,c-math,10A2-T,scheduled,,o1,hk1,,,
        X1,,,Lớp của trường khác,10,c-math,X1,scheduled,,o2,hk1,,,
        """);
    files.put(
        "users.csv",
        """
        sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier
        s1,,,true,an.nguyen,,An,Nguyễn,Văn,001209000001,an@example.edu.vn,,0900000001,,10,secret,
        s2,,,true,binh.tran,,Bình,Trần,,001209000002,,,,,10,,
        s3,,,true,chi.le,,Chi,Lê,,001209000003,,,,,10,,
        s4,,,true,dung.pham,,Dũng,Phạm,,001209000004,,,,,10,,
        t1,,,true,co.lan,,Lan,Hoàng,,,lan@example.edu.vn,,,,,,
        x9,,,true,other.kid,,Khác,Trường,,001209000099,,,,,10,,
        """);
    files.put(
        "roles.csv",
        """
        sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId
        r1,,,s1,primary,student,,,o1,
        r2,,,s2,primary,student,,,o1,
        r3,,,s3,primary,student,,,o1,
        r4,,,s4,primary,student,,,o1,
        r5,,,t1,primary,teacher,,,o1,
        r6,,,x9,primary,student,,,o2,
        """);
    files.put(
        "enrollments.csv",
        """
        sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
        e1,,,10A1,o1,s1,student,false,,
        e2,,,10A1,o1,s2,student,false,,
        e3,,,10A1,o1,s3,student,false,,
        e4,,,10A1,o1,t1,teacher,true,,
        e5,,,10A2,o1,s4,student,false,,
        e6,,,X1,o2,x9,student,false,,
        """);
    files.put("demographics.csv", "sourcedId,birthDate,sex\ns1,2010-01-01,male\n");
    return files;
  }

  static Map<String, byte[]> bytes(Map<String, String> files) {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
    return bytes;
  }

  public static byte[] zip(Map<String, String> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry("oneroster/" + file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static final String TIMETABLE =
      """
      classSourcedId,room,weekday,startTime,endTime,termSourcedId
      10A1,A101,MON,07:00,07:45,hk1
      10A2,A102,1,07:00,07:45,hk1
      10A1,A101,1,08:00,08:45,hk1
      """;
}
