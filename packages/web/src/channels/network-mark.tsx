/** A network's initial on a soft colour of its own; the hue comes from the id, not from a list. */
const hueOf = (id: string) => [...id].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) % 360, 7);

export const NetworkMark = ({ id, name }: { id: string; name: string }) => {
  const hue = hueOf(id);
  return (
    <span
      className="network-mark"
      aria-hidden="true"
      style={{ background: `hsl(${hue} 70% 92%)`, color: `hsl(${hue} 60% 26%)` }}
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
};
