export { linkedinDescriptor } from './descriptor';
export { fromLittleText, measureLinkedIn, toLittleText } from './text';
