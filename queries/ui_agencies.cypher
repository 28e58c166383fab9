// name: ui_agencies
// title: The agencies the graph knows
// description: The code and name of every agency that has delivered records; the administrator chooses a user's agency among them.
// mode: read
// shown: ui
// param: agency: string ; example: ICRC ; the user's agency
MATCH (a:Agency)
WHERE @visible(a:Agency)
RETURN a.code AS code, a.name AS name
ORDER BY code
