// name: ui_inquiry_people
// title: The fellow travellers an inquiry names
// description: The people a family named as travelling with the missing person, with who they are to them and what the family knows, as far as the user's agency may see them.
// mode: read
// shown: ui
// param: uid: string ; example: INQUIRY:TG-7K3M-9P2X ; the inquiry's report
// param: agency: string ; example: ICRC ; the user's agency
MATCH (report:Report {uid: $uid})-[:REPORTED_MISSING]->(missing:Person)<-[together:TRAVELLED_WITH]-(person:Person)
WHERE @visible(report:Report) AND @visible(missing:Person) AND @visible(person:Person)
RETURN person.uid AS uid, person.full_name AS name, together.relationship AS relationship,
       person.description AS notes
ORDER BY uid
